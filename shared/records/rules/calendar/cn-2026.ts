import type { HolidayNotice } from './notice';

/**
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号, 2025-11-04.
 *
 * The dates and the quoted items were read from the Xinhua release as reprinted by 光明网
 * (politics.gmw.cn, 2025-11-04) and 哈尔滨广播电视台 (hrbtv.net); the reprints agree word for word.
 * The document number and the gov.cn address were not read on gov.cn itself (no live web here):
 * they are the ones several independent public projects cite for this notice. Checked 2026-12-04.
 */
export const CN_2026: HolidayNotice = {
  year: 2026,
  title: '国务院办公厅关于2026年部分节假日安排的通知',
  issuer: '国务院办公厅',
  number: '国办发明电〔2025〕7号',
  publishedOn: '2025-11-04',
  url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm',
  readAt: [
    'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
    'https://www.hrbtv.net/folder963/2025-11-04/1096647.html',
  ],
  holidays: [
    {
      festival: '元旦',
      from: '2026-01-01',
      to: '2026-01-03',
      text: '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
    },
    {
      festival: '春节',
      from: '2026-02-15',
      to: '2026-02-23',
      text: '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
    },
    {
      festival: '清明节',
      from: '2026-04-04',
      to: '2026-04-06',
      text: '三、清明节：4月4日（周六）至6日（周一）放假，共3天。',
    },
    {
      festival: '劳动节',
      from: '2026-05-01',
      to: '2026-05-05',
      text: '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。',
    },
    {
      festival: '端午节',
      from: '2026-06-19',
      to: '2026-06-21',
      text: '五、端午节：6月19日（周五）至21日（周日）放假，共3天。',
    },
    {
      festival: '中秋节',
      from: '2026-09-25',
      to: '2026-09-27',
      text: '六、中秋节：9月25日（周五）至27日（周日）放假，共3天。',
    },
    {
      festival: '国庆节',
      from: '2026-10-01',
      to: '2026-10-07',
      text: '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。',
    },
  ],
  makeupWorkdays: [
    { date: '2026-01-04', festival: '元旦' },
    { date: '2026-02-14', festival: '春节' },
    { date: '2026-02-28', festival: '春节' },
    { date: '2026-05-09', festival: '劳动节' },
    { date: '2026-09-20', festival: '国庆节' },
    { date: '2026-10-10', festival: '国庆节' },
  ],
};
