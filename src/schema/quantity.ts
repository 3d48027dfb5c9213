/**
 * The Kubernetes quantity grammar, as `resource.ParseQuantity` accepts it (k8s.io/apimachinery
 * pkg/api/resource/quantity.go, the grammar in the `Quantity` doc comment and `parseQuantityString`):
 *
 * ```
 * <quantity>        ::= <signedNumber><suffix>
 * <signedNumber>    ::= <number> | <sign><number>
 * <sign>            ::= "+" | "-"
 * <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
 * <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
 * <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
 * <decimalSI>       ::= m | "" | k | M | G | T | P | E       (and n, u: the parser's suffixer accepts them)
 * <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
 * ```
 *
 * The exponent must be an integer: `parseQuantityString` stops at a `.` after the exponent's digits and fails with
 * `ErrFormatWrong`, although the regular expression CRDs carry for quantities allows `1e1.5`.
 */

const SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);

/** Whether `s` parses as a quantity. Linear in the length of `s`; never throws. */
export function isQuantityString(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s[i] === '+' || s[i] === '-') i++;
  let digits = 0;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  if (s[i] === '.') {
    i++;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) { i++; digits++; }
  }
  if (digits === 0) return false;
  const suffix = s.slice(i);
  if (SUFFIXES.has(suffix)) return true;
  return /^[eE][+-]?[0-9]+$/.test(suffix);
}

/** The text of the quantity pattern Kubernetes' CRD generator writes for `resource.Quantity` fields. */
export const CRD_QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
