/** 保密审查: detectors for personal data, secrecy markings and sensitive words, and masking. */
export {
  FINDING_LABELS,
  PROVINCE_CODES,
  hasHighSeverity,
  idCheckChar,
  isValidIdNumber,
  luhnValid,
  maskFor,
  maskText,
  resolveOverlaps,
  screenText,
  type Finding,
  type FindingType,
  type ScreenOptions,
  type Severity,
} from './detectors.js';
