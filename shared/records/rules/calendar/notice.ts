/**
 * One year's State Council General Office notice on holiday arrangements (国务院办公厅关于XXXX年部分
 * 节假日安排的通知), as data: which days are off (放假调休) and which weekend days are worked (上班).
 * Every item keeps the notice's own words, so a reader can check the dates against the text.
 * docs/records-sources.md lists where each notice was read.
 */
export interface HolidayNotice {
  /** The year the notice arranges. */
  year: number;
  title: string;
  issuer: string;
  /** The document number, e.g. 国办发明电〔2025〕7号. */
  number: string;
  /** The date the notice was signed and published (YYYY-MM-DD). */
  publishedOn: string;
  /** The notice on the central government's site. */
  url: string;
  /** Where the text was read for this file (reprints of the Xinhua release), when not at `url`. */
  readAt: readonly string[];
  /** Days off, each festival's run of days (both ends counted). */
  holidays: readonly HolidayRun[];
  /** Weekend days that are working days (调休上班). */
  makeupWorkdays: readonly MakeupWorkday[];
}

export interface HolidayRun {
  festival: string;
  from: string;
  to: string;
  /** The notice's item, quoted. */
  text: string;
}

export interface MakeupWorkday {
  date: string;
  festival: string;
}
