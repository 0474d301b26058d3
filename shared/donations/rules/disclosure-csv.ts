import type * as z from 'zod/mini';
import type { Disclosure } from '../contract/donations';
import { yuan } from './donation';

type Notice = z.infer<typeof Disclosure>;

/** A cell as spreadsheets read it safely: a leading = + - @ of a text is not taken for a formula. */
const csvCell = (value: string | number): string => {
  const text = String(value);
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const goodsText = (goods: readonly { name: string; qty: number }[]): string =>
  goods.map((line) => `${line.name}×${line.qty}`).join('；');

/** 光荣榜, when the notice has it: the volunteers by hours, then the draw's winners, names masked. */
function honourRollRows(roll: Notice['honourRoll']): (string | number)[][] {
  if (roll === undefined) return [];
  return [
    [],
    ['光荣榜 honour roll', '名次 rank', '姓名 name', '服务时长 hours', '乡镇 town', '奖品 prize'],
    ...roll.volunteers.map((volunteer, index) => [
      '志愿者 volunteer',
      index + 1,
      volunteer.name,
      volunteer.hours,
      volunteer.town ?? '',
    ]),
    ...roll.winners.map((winner) => [
      '抽奖中奖 draw winner',
      '',
      winner.name,
      '',
      '',
      winner.prizePoints === undefined ? '' : `${winner.prizePoints} 积分 points`,
    ]),
  ];
}

/** 公示 as CSV: UTF-8 with a BOM (Excel in Chinese opens it right), CRLF, one section per table. */
export function disclosureCsv(notice: Notice): string {
  const rows: (string | number)[][] = [
    [
      '类型 kind',
      '编号 id',
      '名称 name',
      '服务时长 hours',
      '发放积分 points issued',
      '兑换积分 points redeemed',
    ],
    [
      '合计 total',
      notice.month,
      '',
      notice.total.hours,
      notice.total.pointsIssued,
      notice.total.pointsRedeemed,
    ],
    ...notice.towns.map((town) => [
      '乡镇 town',
      town.orgId,
      town.name,
      town.hours,
      town.pointsIssued,
      town.pointsRedeemed,
    ]),
    [],
    [
      '超市 store',
      '名称 name',
      '兑换笔数 redemptions',
      '撤销 voids',
      '兑换积分 points redeemed',
      '库存 stock on hand',
      '兑换物品 goods redeemed',
    ],
    ...notice.stores.map((store) => [
      store.storeId,
      store.name,
      store.redemptions,
      store.voids,
      store.pointsRedeemed,
      store.stockOnHand,
      goodsText(store.goods),
    ]),
    [],
    [
      '捐赠 donation',
      '收据号 receipt',
      '捐赠方 donor',
      '日期 date',
      '物品 goods',
      '价值(元) value (yuan)',
      '状态 status',
    ],
    ...notice.donations.map((one) => [
      one.kind === 'money' ? '捐款 money' : '捐物 goods',
      one.receiptNumber,
      one.donor,
      one.receivedOn,
      goodsText(one.goods),
      yuan(one.valueFen),
      one.status === 'voided' ? '作废' : '有效',
    ]),
    [],
    [
      '采购 purchase',
      '供应商 supplier',
      '超市 store',
      '日期 date',
      '物品 goods',
      '金额(元) amount (yuan)',
      '状态 status',
    ],
    ...notice.purchases.map((one) => [
      '采购',
      one.supplier,
      one.storeId,
      one.receivedOn,
      goodsText(one.goods),
      yuan(one.valueFen),
      one.status === 'voided' ? '作废' : '有效',
    ]),
    ...honourRollRows(notice.honourRoll),
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
