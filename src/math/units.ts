// Unit words stripped after a number (`5 \text{ cm}`, `12 dollars`). An explicit allow-list: words of
// two letters or more only, so a variable such as `m`, `g` or `s` is never taken for a unit. Words that
// are also common in answers (`in`, `at`, `by`, `per`, `are`) are left out on purpose.
const LENGTH = [
  'mm',
  'cm',
  'dm',
  'km',
  'meter',
  'meters',
  'metre',
  'metres',
  'centimeter',
  'centimeters',
  'centimetre',
  'centimetres',
  'millimeter',
  'millimeters',
  'kilometer',
  'kilometers',
  'kilometre',
  'kilometres',
  'inch',
  'inches',
  'ft',
  'foot',
  'feet',
  'yd',
  'yard',
  'yards',
  'mile',
  'miles',
];
const MASS = [
  'mg',
  'kg',
  'gram',
  'grams',
  'kilogram',
  'kilograms',
  'lb',
  'lbs',
  'pound',
  'pounds',
  'oz',
  'ounce',
  'ounces',
  'ton',
  'tons',
  'tonne',
  'tonnes',
];
const VOLUME = [
  'ml',
  'mL',
  'cc',
  'liter',
  'liters',
  'litre',
  'litres',
  'gallon',
  'gallons',
  'quart',
  'quarts',
  'pint',
  'pints',
  'cup',
  'cups',
];
const TIME = [
  'sec',
  'secs',
  'second',
  'seconds',
  'min',
  'mins',
  'minute',
  'minutes',
  'hr',
  'hrs',
  'hour',
  'hours',
  'day',
  'days',
  'week',
  'weeks',
  'month',
  'months',
  'yr',
  'yrs',
  'year',
  'years',
];
const MONEY = ['dollar', 'dollars', 'cent', 'cents', 'euro', 'euros', 'USD', 'EUR', 'GBP'];
const RATE = ['mph', 'kph', 'km/h', 'km/hr', 'm/s', 'ft/s'];
const GENERIC = ['unit', 'units', 'sq', 'square', 'cubic'];

/** Every unit word, longest first so `minutes` wins over `min`. */
export const UNIT_WORDS: readonly string[] = [...LENGTH, ...MASS, ...VOLUME, ...TIME, ...MONEY, ...RATE, ...GENERIC]
  .filter((w) => w.length >= 2)
  .sort((a, b) => b.length - a.length);

const escaped = UNIT_WORDS.map((w) => w.replace(/[/.]/g, '\\$&')).join('|');

const unit = `(?:${escaped})(?:\\s*\\^\\s*\\{?[23]\\}?)?`;

/** Unit words at the end of an answer, after a number or a bracket: `5 cm^2`, `50 miles per hour`. */
export const TRAILING_UNITS = new RegExp(
  `(?<=[\\d})\\]]|\\\\pi)\\s*(?:${unit}(?:\\s*(?:per|/)\\s*${unit})*\\.?\\s*)+$`,
);
