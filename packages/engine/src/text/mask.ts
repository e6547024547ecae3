/**
 * Personal data that customer text often carries and configuration must not: e-mail addresses and
 * long digit runs (card, account, phone and order numbers). Used where customer words become
 * configuration that others read and export (a discovered topic's examples), until the PII analyzer
 * can do better. Deliberately simple: it masks too much rather than too little.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/** Six or more digits, possibly grouped by spaces, dots, dashes or a leading "+". */
const DIGIT_RUN = /\+?\d(?:[\d .-]{4,}\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, '[email]').replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '').length;
    return digits >= 6 ? '[number]' : run;
  });
}
