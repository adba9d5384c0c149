import type { SeededRandom } from './random';

/**
 * Plausible names for heads of rural households, most born 1940–1990. Surnames are weighted
 * roughly by national frequency with a few Anhui-typical ones (汪, 方, 储, 檀, 葛) lifted.
 * Characters whose pinyin initial is ambiguous (单, 解, 仇, 乐, 长…) are left out so the
 * on-screen pinyin-initials search finds everyone the way a resident would type them.
 */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 66], ['刘', 52], ['陈', 44], ['杨', 30], ['黄', 22], ['赵', 21],
  ['吴', 22], ['周', 19], ['徐', 18], ['孙', 15], ['马', 14], ['朱', 15], ['胡', 14], ['郭', 11],
  ['何', 11], ['高', 11], ['林', 9], ['罗', 9], ['郑', 9], ['梁', 8], ['谢', 8], ['宋', 8],
  ['唐', 8], ['许', 8], ['韩', 7], ['冯', 7], ['邓', 6], ['曹', 7], ['彭', 6], ['肖', 6],
  ['田', 5], ['董', 5], ['袁', 5], ['潘', 5], ['于', 5], ['蒋', 5], ['蔡', 5], ['余', 5],
  ['杜', 5], ['叶', 5], ['程', 6], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 5], ['任', 4],
  ['沈', 4], ['姚', 4], ['卢', 4], ['姜', 4], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3],
  ['汪', 7], ['范', 3], ['金', 3], ['石', 3], ['廖', 2], ['贾', 3], ['夏', 3], ['付', 3],
  ['方', 6], ['白', 2], ['邹', 2], ['孟', 2], ['熊', 2], ['秦', 2], ['邱', 2], ['江', 3],
  ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2], ['侯', 2], ['龙', 2], ['史', 2],
  ['陶', 3], ['黎', 1], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2],
  ['万', 2], ['钱', 2], ['严', 2], ['武', 2], ['戴', 3], ['孔', 2], ['汤', 3], ['葛', 3],
  ['储', 2], ['檀', 1], ['鲍', 1], ['桂', 1], ['欧阳', 1], ['诸葛', 0.3],
];

const MALE_GIVEN_TWO = [
  '建国', '建华', '建军', '国强', '国华', '国庆', '志强', '志刚', '志明', '德明', '德华', '德胜',
  '春生', '永红', '永胜', '永富', '明亮', '海涛', '海波', '俊杰', '文斌', '文华', '家宝', '宝山',
  '金山', '玉林', '玉成', '立新', '卫东', '新民', '和平', '大勇', '小龙', '光明', '传友', '传宝',
  '广才', '本善', '守田', '有福', '富贵', '庆丰', '振华', '兴旺', '学文', '云峰', '继成', '世杰',
  '维民', '树林', '松林', '成功', '红军', '跃进', '宏伟', '家林', '培林', '少华', '登科', '先锋',
] as const;
const MALE_GIVEN_ONE = ['强', '军', '伟', '勇', '刚', '斌', '林', '峰', '磊', '杰', '涛', '明', '辉', '华', '彬', '亮'] as const;
const FEMALE_GIVEN_TWO = [
  '秀英', '秀兰', '桂英', '桂兰', '桂芳', '玉兰', '玉梅', '凤英', '凤兰', '兰英', '淑珍', '翠花',
  '春梅', '春兰', '红梅', '丽华', '美华', '金凤', '银凤', '小红', '小芳', '小燕', '海燕', '丽娟',
  '晓梅', '素琴', '巧云', '月娥', '彩霞', '冬梅', '雪梅', '荷花', '菊英', '梅芳', '慧敏', '爱华',
] as const;
const FEMALE_GIVEN_ONE = ['芳', '娟', '敏', '静', '丽', '霞', '英', '燕', '萍', '红', '梅', '琴'] as const;

export type Sex = 'male' | 'female';

export function pickSurname(rng: SeededRandom): string {
  return rng.weighted(SURNAMES);
}

/** A full name: surname plus a given name of one (about a fifth) or two characters. */
export function personName(rng: SeededRandom, sex: Sex): string {
  const surname = pickSurname(rng);
  const single = rng.chance(0.2);
  const given =
    sex === 'male'
      ? rng.pick(single ? MALE_GIVEN_ONE : MALE_GIVEN_TWO)
      : rng.pick(single ? FEMALE_GIVEN_ONE : FEMALE_GIVEN_TWO);
  return surname + given;
}

/** Every character a generated name can contain (tests check it against the pinyin search). */
export function nameCharacters(): Set<string> {
  const all = [...SURNAMES.map(([s]) => s), ...MALE_GIVEN_TWO, ...MALE_GIVEN_ONE, ...FEMALE_GIVEN_TWO, ...FEMALE_GIVEN_ONE].join('');
  return new Set(Array.from(all));
}
