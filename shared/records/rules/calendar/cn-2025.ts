import type { HolidayNotice } from './notice';

/**
 * 2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12.
 *
 * The dates and the quoted items were read from the Xinhua release as reprinted by 光明网
 * (m.gmw.cn, 2024-11-12); the document number was read in a reprint that carries it
 * (mip.gyhiac.cn), and agrees with the number and gov.cn address several independent public
 * projects cite. The gov.cn page itself was not read (no live web here). Checked 2026-12-04.
 */
export const CN_2025: HolidayNotice = {
  year: 2025,
  title: '国务院办公厅关于2025年部分节假日安排的通知',
  issuer: '国务院办公厅',
  number: '国办发明电〔2024〕12号',
  publishedOn: '2024-11-12',
  url: 'https://www.gov.cn/zhengce/content/202411/content_6986382.htm',
  readAt: ['https://m.gmw.cn/2024-11/12/content_1303894933.htm'],
  holidays: [
    {
      festival: '元旦',
      from: '2025-01-01',
      to: '2025-01-01',
      text: '一、元旦：1月1日（周三）放假1天，不调休。',
    },
    {
      festival: '春节',
      from: '2025-01-28',
      to: '2025-02-04',
      text: '二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。',
    },
    {
      festival: '清明节',
      from: '2025-04-04',
      to: '2025-04-06',
      text: '三、清明节：4月4日（周五）至6日（周日）放假，共3天。',
    },
    {
      festival: '劳动节',
      from: '2025-05-01',
      to: '2025-05-05',
      text: '四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。',
    },
    {
      festival: '端午节',
      from: '2025-05-31',
      to: '2025-06-02',
      text: '五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。',
    },
    {
      festival: '国庆节、中秋节',
      from: '2025-10-01',
      to: '2025-10-08',
      text: '六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。',
    },
  ],
  makeupWorkdays: [
    { date: '2025-01-26', festival: '春节' },
    { date: '2025-02-08', festival: '春节' },
    { date: '2025-04-27', festival: '劳动节' },
    { date: '2025-09-28', festival: '国庆节、中秋节' },
    { date: '2025-10-11', festival: '国庆节、中秋节' },
  ],
};
