/**
 * What simulated customers contact about: teams, the topics each team handles, and where realistic
 * phrasing for each topic comes from (intents of the public data sets read at run time, see
 * datasets.ts) plus a built-in fallback written for Vigil, used when the data sets are absent.
 */

export const TEAMS = ['billing', 'tech-support', 'accounts', 'sales', 'retention'] as const;
export type Team = (typeof TEAMS)[number];

/** Share of traffic each team gets. */
export const TEAM_WEIGHTS: ReadonlyArray<readonly [Team, number]> = [
  ['billing', 30],
  ['tech-support', 25],
  ['accounts', 20],
  ['sales', 15],
  ['retention', 10],
];

export interface TopicDefinition {
  id: string;
  label: string;
  team: Team;
  /** Relative frequency within its team. */
  weight: number;
  /** A complaint topic: customers start annoyed more often. */
  complaint: boolean;
  /** banking77 `category` values whose texts are openings for this topic. */
  banking77: readonly string[];
  /** bitext `intent` values whose utterances are openings for this topic. */
  bitext: readonly string[];
  /** Built-in openings, used alone when no data set is present and mixed in otherwise. */
  openings: readonly string[];
  /** What the agent says it did when the problem is resolved. */
  resolution: readonly string[];
}

export const TOPICS: readonly TopicDefinition[] = [
  // billing
  {
    id: 'double-charge',
    label: 'Double charge',
    team: 'billing',
    weight: 3,
    complaint: true,
    banking77: ['transaction_charged_twice'],
    bitext: [],
    openings: [
      'I was charged twice for the same purchase.',
      'There are two identical payments on my statement for one order.',
      'You took the money twice from my card yesterday.',
      'Why do I see the same charge two times on my account?',
      'My card got billed double for my subscription this month.',
    ],
    resolution: [
      'I found the duplicate payment and reversed it; the money will be back in 3 to 5 business days.',
      'the second charge was a duplicate authorisation, I have released it.',
    ],
  },
  {
    id: 'unexpected-fee',
    label: 'Unexpected fee',
    team: 'billing',
    weight: 3,
    complaint: true,
    banking77: [
      'card_payment_fee_charged',
      'extra_charge_on_statement',
      'transfer_fee_charged',
      'cash_withdrawal_charge',
      'exchange_charge',
      'top_up_by_card_charge',
    ],
    bitext: ['check_cancellation_fee'],
    openings: [
      'Why was I charged a fee for a normal card payment?',
      'There is an extra charge on my statement I did not expect.',
      'I got a fee for withdrawing cash, nobody told me about that.',
      'What is this service fee on my last invoice?',
    ],
    resolution: [
      'the fee was applied by mistake, I have refunded it to your account.',
      'I have waived the fee as a one-time courtesy.',
    ],
  },
  {
    id: 'refund',
    label: 'Refund',
    team: 'billing',
    weight: 3,
    complaint: false,
    banking77: ['Refund_not_showing_up', 'request_refund'],
    bitext: ['get_refund', 'track_refund', 'check_refund_policy'],
    openings: [
      'I returned the item two weeks ago and still have not got my refund.',
      'How do I get my money back for a cancelled order?',
      'Where is my refund? It was approved last week.',
      'Can you tell me what your refund policy is?',
    ],
    resolution: [
      'your refund was issued today, you will see it within 5 business days.',
      'I have pushed the refund through, you will get a confirmation e-mail shortly.',
    ],
  },
  {
    id: 'invoice',
    label: 'Invoice',
    team: 'billing',
    weight: 2,
    complaint: false,
    banking77: [],
    bitext: ['get_invoice', 'check_invoice', 'check_invoices'],
    openings: [
      'I need a copy of my invoice from March.',
      'Where can I download my invoices?',
      'The amount on my invoice does not match what I ordered.',
      'Can you send me the invoice for my last order?',
    ],
    resolution: [
      'I have sent the invoice to the e-mail address on your account.',
      'you can download all invoices under Billing, and I have e-mailed this one to you too.',
    ],
  },
  {
    id: 'payment-failed',
    label: 'Payment failed',
    team: 'billing',
    weight: 2,
    complaint: true,
    banking77: ['declined_card_payment', 'declined_transfer', 'failed_transfer', 'top_up_failed'],
    bitext: ['payment_issue'],
    openings: [
      'My payment keeps getting declined and I do not know why.',
      'I tried to pay three times and it failed every time.',
      'The transfer I made this morning failed.',
      'Your checkout says my card was declined but the bank says it is fine.',
    ],
    resolution: [
      'the payment was blocked by a fraud check; I have cleared it, please try again now.',
      'there was an outage at our payment provider, it is fixed and your payment went through.',
    ],
  },
  // tech-support
  {
    id: 'card-not-working',
    label: 'Card not working',
    team: 'tech-support',
    weight: 3,
    complaint: true,
    banking77: [
      'card_not_working',
      'contactless_not_working',
      'virtual_card_not_working',
      'card_swallowed',
      'atm_support',
    ],
    bitext: [],
    openings: [
      'My card stopped working in shops today.',
      'Contactless does not work on my new card.',
      'The ATM kept my card and I need it back.',
      'My virtual card gets rejected on every website.',
    ],
    resolution: [
      'the card was locked after a suspicious payment, I have unlocked it.',
      'I have ordered a replacement card, it will arrive in 3 to 5 days.',
    ],
  },
  {
    id: 'login-problem',
    label: 'Login problem',
    team: 'tech-support',
    weight: 3,
    complaint: true,
    banking77: ['passcode_forgotten', 'pin_blocked'],
    bitext: ['recover_password', 'registration_problems'],
    openings: [
      "I can't log in to the app anymore.",
      'I forgot my password and the reset e-mail never arrives.',
      'My PIN is blocked after I entered it wrong.',
      'The app logs me out every time I open it.',
    ],
    resolution: [
      'I have reset your login, you should get a new link within a minute.',
      'your PIN is unblocked, you can set a new one in the app.',
    ],
  },
  {
    id: 'pending-transaction',
    label: 'Pending transaction',
    team: 'tech-support',
    weight: 2,
    complaint: false,
    banking77: [
      'pending_card_payment',
      'pending_transfer',
      'pending_top_up',
      'pending_cash_withdrawal',
      'balance_not_updated_after_bank_transfer',
      'balance_not_updated_after_cheque_or_cash_deposit',
    ],
    bitext: [],
    openings: [
      'My payment has been pending for three days.',
      'I deposited money but my balance has not updated.',
      'Why is my top-up still pending?',
    ],
    resolution: [
      'the transaction was stuck in processing, it has now completed.',
      'it will clear by tomorrow morning, I have flagged it for the team.',
    ],
  },
  {
    id: 'transfer-not-received',
    label: 'Transfer not received',
    team: 'tech-support',
    weight: 2,
    complaint: true,
    banking77: ['transfer_not_received_by_recipient', 'transfer_timing'],
    bitext: [],
    openings: [
      'The money I sent has not arrived at the other account.',
      'How long does a transfer take? My friend still has nothing.',
      'I sent a payment on Monday and the recipient says it never came.',
    ],
    resolution: [
      'the transfer was held for a routine check; it has been released and will arrive today.',
      'I have traced the transfer, it reached the recipient bank this morning.',
    ],
  },
  // accounts
  {
    id: 'identity-verification',
    label: 'Identity verification',
    team: 'accounts',
    weight: 3,
    complaint: false,
    banking77: [
      'verify_my_identity',
      'unable_to_verify_identity',
      'why_verify_identity',
      'verify_source_of_funds',
    ],
    bitext: [],
    openings: [
      'I cannot get my identity verified, the app rejects my photo.',
      'Why do you need my ID again?',
      'How do I verify my identity?',
    ],
    resolution: [
      'I have approved your documents manually, your account is fully verified.',
      'I have reopened the verification, please upload the photo again.',
    ],
  },
  {
    id: 'personal-details',
    label: 'Personal details',
    team: 'accounts',
    weight: 3,
    complaint: false,
    banking77: ['edit_personal_details'],
    bitext: ['edit_account', 'change_shipping_address', 'set_up_shipping_address', 'switch_account'],
    openings: [
      'I moved and need to change my address.',
      'How do I update my phone number on the account?',
      'I need to change the name on my account after getting married.',
    ],
    resolution: ['I have updated your details, you will get a confirmation e-mail.'],
  },
  {
    id: 'lost-card',
    label: 'Lost or stolen card',
    team: 'accounts',
    weight: 2,
    complaint: false,
    banking77: ['lost_or_stolen_card', 'lost_or_stolen_phone', 'compromised_card'],
    bitext: [],
    openings: [
      'I lost my card, please block it.',
      'My phone was stolen and the banking app is on it.',
      'I think someone has my card details.',
    ],
    resolution: ['I have frozen the card and ordered a new one with a new number.'],
  },
  {
    id: 'account-setup',
    label: 'Account set-up',
    team: 'accounts',
    weight: 2,
    complaint: false,
    banking77: ['age_limit', 'country_support'],
    bitext: ['create_account'],
    openings: [
      'How do I open an account?',
      'Can I open an account if I live abroad?',
      'I want to create a second account for my business.',
    ],
    resolution: ['I have sent you the link to open the account, it takes about five minutes.'],
  },
  // sales
  {
    id: 'new-card',
    label: 'New card',
    team: 'sales',
    weight: 3,
    complaint: false,
    banking77: [
      'order_physical_card',
      'get_physical_card',
      'getting_spare_card',
      'getting_virtual_card',
      'get_disposable_virtual_card',
      'card_arrival',
      'card_delivery_estimate',
    ],
    bitext: [],
    openings: [
      'I would like to order a second card for my partner.',
      'When will my new card arrive?',
      'Can I get a virtual card for online shopping?',
    ],
    resolution: ['I have placed the order, the card ships tomorrow.'],
  },
  {
    id: 'product-question',
    label: 'Product question',
    team: 'sales',
    weight: 3,
    complaint: false,
    banking77: [
      'supported_cards_and_currencies',
      'visa_or_mastercard',
      'fiat_currency_support',
      'apple_pay_or_google_pay',
      'exchange_rate',
    ],
    bitext: ['check_payment_methods', 'delivery_options', 'newsletter_subscription'],
    openings: [
      'Which currencies do you support?',
      'Does the card work with Apple Pay?',
      'What payment methods can I use?',
      'What is the difference between the standard and the premium plan?',
    ],
    resolution: ['I have e-mailed you a summary of the plans and the currencies we support.'],
  },
  {
    id: 'order-status',
    label: 'Order status',
    team: 'sales',
    weight: 2,
    complaint: false,
    banking77: [],
    bitext: ['track_order', 'change_order', 'place_order', 'delivery_period'],
    openings: [
      'Where is my order? It was supposed to arrive yesterday.',
      'I want to change the items in my order.',
      'How long does delivery usually take?',
    ],
    resolution: ['your order left the warehouse this morning, here is the tracking link.'],
  },
  // retention
  {
    id: 'cancel-account',
    label: 'Cancel account',
    team: 'retention',
    weight: 3,
    complaint: true,
    banking77: ['terminate_account'],
    bitext: ['delete_account', 'cancel_order'],
    openings: [
      'I want to close my account.',
      'Please cancel my subscription, I am done.',
      'How do I delete my account and all my data?',
    ],
    resolution: [
      'I have applied three months at half price to your plan, and your account stays open.',
      'I have scheduled the closure for the end of the billing period as you asked.',
    ],
  },
  {
    id: 'complaint',
    label: 'Complaint',
    team: 'retention',
    weight: 3,
    complaint: true,
    banking77: [],
    bitext: ['complaint', 'contact_human_agent', 'review'],
    openings: [
      'I want to file a formal complaint about your service.',
      'This is the third time I am contacting you about the same problem.',
      'Your service has been terrible lately and I want someone to know.',
    ],
    resolution: [
      'I have logged the complaint with our customer relations team and added a credit to your account.',
    ],
  },
];

export const TOPICS_BY_ID: ReadonlyMap<string, TopicDefinition> = new Map(TOPICS.map((t) => [t.id, t]));

export function topicsOfTeam(team: string): TopicDefinition[] {
  return TOPICS.filter((t) => t.team === team);
}
