import type { County, Township, Village } from '../../domain/place';
import type { SeededRandom } from './random';
import { DemoOptionsError } from './optionsError';

/**
 * A fictional county in Anhui. 341299 sits in a real prefecture's range (3412xx) but is not a
 * real county. Township codes follow the statistical convention (county + 1xx for 镇, 2xx for 乡);
 * village codes add 2xx (村民委员会).
 */
export const DEMO_COUNTY_CODE = '341299';
export const DEMO_COUNTY_NAME = '青岚县';
/** One-character short name used in the county's document numbers (岚财农〔2024〕5号). */
export const DEMO_COUNTY_SHORT = '岚';
export const DEMO_CITY_NAME = '淮川市';
export const DEMO_PROVINCE_NAME = '安徽省';
export const DEMO_AREA_CODE = '0558';

const TOWNSHIP_NAMES = [
  '青石镇', '柳塘镇', '桃源乡', '双河镇', '白沙乡', '龙泉镇', '杏花乡', '梅林镇', '高岗乡', '新集镇',
  '三塔镇', '枣林乡', '黄桥镇', '石门乡', '永丰镇', '安乐乡', '清溪镇', '汪圩乡', '丰乐镇', '松岭乡',
] as const;

export const MAX_TOWNSHIPS = TOWNSHIP_NAMES.length;
export const VILLAGES_PER_TOWNSHIP = 4;
export const MIN_GROUPS_PER_VILLAGE = 6;
export const MAX_GROUPS_PER_VILLAGE = 12;

const VILLAGE_PREFIXES = [
  '王', '李', '张', '刘', '陈', '杨', '周', '徐', '孙', '胡', '朱', '高', '马', '吴', '郭', '何', '汪', '方',
  '新', '大', '小', '东', '西', '南', '北', '前', '后', '柳', '枣树', '双庙', '三里', '五里', '七里', '十里',
  '石桥', '沙河', '清水', '黄土', '桃花', '杏林', '莲花', '槐树', '白果', '青龙', '马鞍', '红星',
] as const;
const VILLAGE_SUFFIXES = ['庄', '圩', '湾', '岗', '集', '郢', '塘', '店', '桥', '楼', '寨', '湖', '营', '洼'] as const;

/** What the generator knows about a village beyond what the county file says. */
export interface DemoVillage extends Village {
  index: number;
  townshipName: string;
  /** Hill villages have forest land (公益林, 退耕还林); plain villages mostly do not. */
  hilly: boolean;
  /** Share of farmland under rice (Anhui: wheat north of the Huai, rice south of it). */
  riceShare: number;
}

export interface DemoPlaces {
  county: County;
  villages: DemoVillage[];
}

export function buildPlaces(rng: SeededRandom, townshipCount: number): DemoPlaces {
  if (!Number.isInteger(townshipCount) || townshipCount < 1 || townshipCount > MAX_TOWNSHIPS) {
    throw new DemoOptionsError(`townships must be 1–${MAX_TOWNSHIPS}, got ${townshipCount}`);
  }
  const townshipNames = [TOWNSHIP_NAMES[0] as string, ...rng.shuffled(TOWNSHIP_NAMES.slice(1))].slice(0, townshipCount);
  let towns = 0;
  let rural = 0;
  const townships: Township[] = townshipNames.map((name) => {
    const serial = name.endsWith('镇') ? 101 + towns++ : 201 + rural++;
    return { code: `${DEMO_COUNTY_CODE}${serial}`, name };
  });

  const usedNames = new Set<string>();
  const villages: DemoVillage[] = [];
  for (const township of townships) {
    for (let i = 0; i < VILLAGES_PER_TOWNSHIP; i++) {
      let name: string;
      do name = `${rng.pick(VILLAGE_PREFIXES)}${rng.pick(VILLAGE_SUFFIXES)}村`;
      while (usedNames.has(name));
      usedNames.add(name);
      villages.push({
        index: villages.length,
        code: `${township.code}${201 + i}`,
        name,
        townshipCode: township.code,
        townshipName: township.name,
        groups: rng.int(MIN_GROUPS_PER_VILLAGE, MAX_GROUPS_PER_VILLAGE),
        hilly: rng.chance(0.4),
        riceShare: Math.round(rng.bell(0.3, 0.9) * 100) / 100,
      });
    }
  }

  const county: County = {
    code: DEMO_COUNTY_CODE,
    name: DEMO_COUNTY_NAME,
    province: DEMO_PROVINCE_NAME,
    city: DEMO_CITY_NAME,
    townships,
    villages: villages.map(({ code, name, townshipCode, groups }) => ({ code, name, townshipCode, groups })),
  };
  return { county, villages };
}
