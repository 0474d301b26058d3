/**
 * Orders and projects: the values the flow needs besides its diagram (rules/order-flow.ts).
 */

/**
 * The project categories of the county's catalogue, as its report names its work: 理论宣讲,
 * 政策宣讲, 文化, 移风易俗, 法律, 教育, 关爱, 助农, 应急 (皋兰县新时代文明实践 report, in
 * ../shared/seeds), and 其他 for the rest.
 */
export const PROJECT_CATEGORIES = [
  'theory',
  'policy',
  'culture',
  'customs',
  'law',
  'education',
  'care',
  'agriculture',
  'emergency',
  'other',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

export const CATEGORY_LABEL: Record<ProjectCategory, string> = {
  theory: '理论宣讲',
  policy: '政策宣讲',
  culture: '文化',
  customs: '移风易俗',
  law: '法律',
  education: '教育',
  care: '关爱',
  agriculture: '助农',
  emergency: '应急',
  other: '其他',
};

/**
 * An order number: 12 digits a resident can read out on the phone — the China year and month
 * (YYMM), then 8 random digits. Random, so that numbers cannot be walked; a number is only
 * useful together with the last four digits of the resident's phone.
 */
export const ORDER_NUMBER_PATTERN = /^\d{12}$/;
export const ORDER_NUMBER_RANDOM_DIGITS = 8;
