import { maskPii } from '../pii/mask-pii';

/**
 * Personal data that customer text often carries and configuration must not, for where customer
 * words become configuration that others read and export (a discovered topic's examples): Vigil's
 * PII masking (pii/mask-pii.ts, the one place that knows what personal data looks like), and then
 * any run of six or more digits it left (an account or customer number it cannot prove is personal
 * data). Deliberately masks too much rather than too little.
 */
/** Six or more digits, possibly grouped by spaces, dots, dashes or a leading "+". */
const DIGIT_RUN = /\+?\d(?:[\d .-]{4,}\d)/g;

export function maskPersonalData(text: string): string {
  return maskPii(text).replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '').length;
    return digits >= 6 ? '[number]' : run;
  });
}
