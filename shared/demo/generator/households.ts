import { completeIdNumber, idCheckDigit } from '../../identity/idNumber';
import { maskIdNumber } from '../../privacy/masking';
import { addDays, isoDate } from './dates';
import { personName, type Sex } from './names';
import { DEMO_COUNTY_CODE, type DemoVillage } from './places';
import { SeededRandom } from './random';
import { DemoOptionsError } from './optionsError';

/**
 * One household as the generator knows it. The full ID number exists only here, in memory,
 * so tests can play an ID-card reader; every file written holds the masked form only.
 */
export interface DemoHousehold {
  /** 0-based over the whole county, in file order: the key every per-row decision is hashed with. */
  index: number;
  townshipCode: string;
  villageCode: string;
  group: number;
  /** group (2 digits) + sequence within the group (4 digits) */
  householdNo: string;
  headName: string;
  headSex: Sex;
  headBirthYear: number;
  spouseBirthYear: number | null;
  members: number;
  idNumber: string;
  idMasked: string;
  accountLast4: string;
  /** Contracted farmland (承包地), hundredths of a 亩. */
  landHundredths: number;
  riceHundredths: number;
  /** Growing grain itself rather than renting the land out. */
  grainFarmer: boolean;
  forestHundredths: number;
  returnedFarmlandHundredths: number;
  lowIncome: { fromYear: number; toYear: number; persons: number } | null;
  disabled: { persons: number; severe: boolean; sinceYear: number } | null;
  familyPlanningReward: boolean;
  keepsSows: boolean;
  /** Whose account problems (when a payment fails) look like what. */
  accountTrouble: number;
}

// Birthplaces other than the county itself: neighbouring real Anhui county codes.
const OTHER_REGIONS = ['341221', '341222', '341225', '341226', '341282', '340421', '342422'] as const;

/** Households per group are capped by the 4-digit sequence in the household number. */
export const MAX_HOUSEHOLDS_PER_GROUP = 9999;
/**
 * Largest county the generator makes: a whole county's yearly budget must stay under the
 * 100-million-yuan field limit, and even one township of 4 villages keeps every group under 9999.
 */
export const MAX_DEMO_HOUSEHOLDS = 40_000;

/** Splits households over villages with uneven but bounded sizes; the station village always gets one. */
function villageSizes(rng: SeededRandom, total: number, villages: readonly DemoVillage[]): number[] {
  const weights = villages.map(() => rng.bell(0.7, 1.3));
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const sizes = exact.map(Math.floor);
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    sizes[i] = (sizes[i] as number) + 1;
    left--;
  }
  if (total > 0 && sizes[0] === 0) {
    const donor = sizes.findIndex((s) => s > 1) >= 0 ? sizes.findIndex((s) => s > 1) : sizes.findIndex((s) => s > 0);
    sizes[donor] = (sizes[donor] as number) - 1;
    sizes[0] = 1;
  }
  return sizes;
}

function birthDateIn(rng: SeededRandom, year: number): string {
  return addDays(isoDate(year, 1, 1), rng.int(0, 364));
}

function idFor(region: string, birthDate: string, sequence: number): string {
  return completeIdNumber(`${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`);
}

export interface YearRange {
  firstYear: number;
  lastYear: number;
}

interface DraftHousehold extends Omit<DemoHousehold, 'index' | 'idMasked'> {
  birthDate: string;
}

function draftHousehold(rng: SeededRandom, village: DemoVillage, group: number, sequence: number, years: YearRange): DraftHousehold {
  const { firstYear, lastYear } = years;
  const headSex: Sex = rng.chance(0.86) ? 'male' : 'female';
  // Heads of rural households are old: the young work in the cities.
  const headBirthYear = Math.floor(rng.bell(lastYear - 95, lastYear - 35));
  const birthDate = birthDateIn(rng, headBirthYear);
  const region = rng.chance(0.88) ? DEMO_COUNTY_CODE : rng.pick(OTHER_REGIONS);
  // The sequence's last digit is the holder's sex: odd for men, even for women.
  const idSequence = headSex === 'male' ? rng.int(0, 499) * 2 + 1 : rng.int(1, 499) * 2;
  // A woman heading a household is most often widowed.
  const spouseBirthYear = rng.chance(headSex === 'male' ? 0.82 : 0.25) ? headBirthYear + rng.int(-3, 6) : null;
  const landHundredths = rng.chance(0.05) ? 0 : Math.round(rng.bell(1.5, 16) * 100);
  const grainFarmer = landHundredths > 0 && rng.chance(0.8);
  const riceShare = Math.min(1, Math.max(0, village.riceShare + rng.bell(-0.2, 0.2)));
  const hasForest = rng.chance(village.hilly ? 0.55 : 0.04);
  const hasReturned = rng.chance(village.hilly ? 0.3 : 0.03);
  const elderly = lastYear - headBirthYear >= 65;
  const members = Math.max(1, Math.round(rng.bell(0.6, 6.4)));
  const lowIncomeFrom = firstYear + rng.int(-6, 6);
  return {
    townshipCode: village.townshipCode,
    villageCode: village.code,
    group,
    householdNo: `${String(group).padStart(2, '0')}${String(sequence).padStart(4, '0')}`,
    headName: personName(rng, headSex),
    headSex,
    headBirthYear,
    spouseBirthYear,
    members,
    birthDate,
    idNumber: idFor(region, birthDate, idSequence),
    accountLast4: String(rng.int(0, 9999)).padStart(4, '0'),
    landHundredths,
    riceHundredths: grainFarmer ? Math.round(landHundredths * riceShare) : 0,
    grainFarmer,
    forestHundredths: hasForest ? Math.round(rng.bell(2, 40) * 100) : 0,
    returnedFarmlandHundredths: hasReturned ? Math.round(rng.bell(1, 8) * 100) : 0,
    lowIncome: rng.chance(elderly ? 0.08 : 0.035)
      ? { fromYear: lowIncomeFrom, toYear: lowIncomeFrom + rng.int(2, 14), persons: rng.int(1, Math.min(3, members)) }
      : null,
    disabled: rng.chance(0.045) ? { persons: rng.chance(0.1) ? 2 : 1, severe: rng.chance(0.35), sinceYear: firstYear + rng.int(-10, 8) } : null,
    familyPlanningReward: rng.chance(0.09),
    keepsSows: rng.chance(0.03),
    accountTrouble: rng.next(),
  };
}

/**
 * Gives a few households the same masked ID as a neighbour (same birthplace code and sequence,
 * another birth date whose check digit happens to agree): real, if rare, and it makes lookups
 * by the stored masked form return a short list.
 */
function shareMaskedIds(rng: SeededRandom, drafts: DraftHousehold[], taken: Set<string>): void {
  const pairs = drafts.length < 12 ? 0 : Math.max(1, Math.round(drafts.length * 0.003));
  for (let p = 0, attempts = 0; p < pairs && attempts < pairs * 20; attempts++) {
    const target = drafts[rng.int(0, drafts.length - 1)] as DraftHousehold;
    const source = drafts[rng.int(0, drafts.length - 1)] as DraftHousehold;
    // The sequence's parity is the holder's sex, so only two men or two women can share it.
    if (target === source || target.headSex !== source.headSex || target.idNumber.slice(-4) === source.idNumber.slice(-4)) continue;
    const region = source.idNumber.slice(0, 6);
    const sequence = source.idNumber.slice(14, 17);
    for (let shift = 1; shift < 400; shift++) {
      const birthDate = addDays(target.birthDate, shift);
      const first17 = `${region}${birthDate.replaceAll('-', '')}${sequence}`;
      if (idCheckDigit(first17) !== source.idNumber[17] || taken.has(first17)) continue;
      taken.delete(target.idNumber.slice(0, 17));
      taken.add(first17);
      target.birthDate = birthDate;
      target.headBirthYear = Number(birthDate.slice(0, 4));
      target.idNumber = completeIdNumber(first17);
      p++;
      break;
    }
  }
}

/** Households of every village, in file order: village, group, household number. */
export function buildHouseholds(seed: number, total: number, villages: readonly DemoVillage[], years: YearRange): DemoHousehold[] {
  if (!Number.isInteger(total) || total < 1) throw new DemoOptionsError(`households must be a positive integer, got ${total}`);
  if (total > MAX_DEMO_HOUSEHOLDS) throw new DemoOptionsError(`households must be at most ${MAX_DEMO_HOUSEHOLDS}, got ${total}`);
  const sizes = villageSizes(SeededRandom.forPart(seed, 'village-sizes'), total, villages);
  const households: DemoHousehold[] = [];
  // County-wide, so no two people anywhere share a full ID number.
  const taken = new Set<string>();
  villages.forEach((village, v) => {
    const rng = SeededRandom.forPart(seed, 'households', v);
    const size = sizes[v] ?? 0;
    const groupWeights = Array.from({ length: village.groups }, () => rng.bell(0.6, 1.4));
    const weightSum = groupWeights.reduce((a, b) => a + b, 0);
    const perGroup = groupWeights.map((w) => Math.floor((w / weightSum) * size));
    for (let rest = size - perGroup.reduce((a, b) => a + b, 0), g = 0; rest > 0; rest--, g = (g + 1) % village.groups) {
      perGroup[g] = (perGroup[g] as number) + 1;
    }
    const drafts: DraftHousehold[] = [];
    perGroup.forEach((count, g) => {
      if (count > MAX_HOUSEHOLDS_PER_GROUP) throw new DemoOptionsError(`group ${g + 1} of ${village.name} would hold ${count} households`);
      for (let sequence = 1; sequence <= count; sequence++) {
        let draft = draftHousehold(rng, village, g + 1, sequence, years);
        while (taken.has(draft.idNumber.slice(0, 17))) draft = draftHousehold(rng, village, g + 1, sequence, years);
        taken.add(draft.idNumber.slice(0, 17));
        drafts.push(draft);
      }
    });
    shareMaskedIds(rng, drafts, taken);
    for (const { birthDate: _birthDate, ...draft } of drafts) {
      households.push({ ...draft, index: households.length, idMasked: maskIdNumber(draft.idNumber) });
    }
  });
  return households;
}
