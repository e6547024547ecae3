export { normalisedWords, customerWords, shingles, shingleHashes } from './shingles';
export {
  minhash,
  minhashOfHashes,
  shingleHash,
  estimatedJaccard,
  lshBands,
  signatureToBytes,
  signatureFromBytes,
  MINHASH_SIZE,
  LSH_BANDS,
  LSH_ROWS,
} from './minhash';
export { sharedPhrases } from './phrases';
