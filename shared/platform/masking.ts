/**
 * Personal data as people may see it. Phone numbers are masked in every response (138****5678);
 * names are masked for counter staff (张*华), who need to recognise a person, not to know them.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** Two-character family names, kept whole so that 欧阳春华 reads 欧阳*华 rather than 欧**华. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '呼延',
  '闻人',
  '澹台',
  '公冶',
  '申屠',
]);

export function maskName(name: string): string {
  const characters = Array.from(name.trim());
  if (characters.length <= 1) return '*';
  const surnameLength =
    characters.length >= 3 && COMPOUND_SURNAMES.has(characters.slice(0, 2).join('')) ? 2 : 1;
  const surname = characters.slice(0, surnameLength).join('');
  const given = characters.slice(surnameLength);
  if (given.length <= 1) return `${surname}*`;
  return `${surname}${'*'.repeat(given.length - 1)}${given.at(-1)}`;
}
