/**
 * Customer requests about crypto-wallet withdrawals: the shipped taxonomy has no topic for them, so
 * topic discovery should group them into one candidate ("crypto wallet").
 */
export const CRYPTO_WALLET_REQUESTS = [
  'How do I withdraw bitcoin from my crypto wallet?',
  'My crypto wallet withdrawal is stuck',
  'Can I withdraw ethereum from the crypto wallet to another exchange?',
  'The crypto wallet withdrawal limit is too low',
  'The crypto wallet says withdrawal pending for two days',
  'Why is my crypto wallet withdrawal taking so long',
  'I want to withdraw my crypto from the wallet',
];
