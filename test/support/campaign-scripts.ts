import type { ConversationInput } from '@vigil/contracts';

// Customer sides for the campaign tests: one scam script read by many callers, and benign near-templates.

/** The scam script, read by different callers with their own names, banks and amounts. */
export const scam = (i: number): ConversationInput['messages'] => {
  const names = [
    'Peter Smith',
    'Janis Ozols',
    'Maria Garcia',
    'Tom Baker',
    'Liga Kalnina',
    'Omar Haddad',
    'Eva Novak',
  ];
  const banks = ['Citadel', 'Baltic', 'Northern', 'Union', 'Harbor', 'Granite', 'Summit'];
  return [
    { role: 'agent', text: 'Thank you for calling, how can I help?' },
    {
      role: 'customer',
      text: `Hello, this is ${names[i % names.length]} from the ${banks[i % banks.length]} fraud department. We have blocked a suspicious payment of $${(i + 3) * 417}.50 on your account.`,
    },
    { role: 'agent', text: 'I am the agent here, I cannot help with that.' },
    {
      role: 'customer',
      text: `To protect your savings you must move them to a safe account today. Please read me the code we sent to ${4400 + i}, and do not tell anyone at the branch about this call.`,
    },
  ];
};

const COMPLAINTS = [
  'I was charged twice for my subscription this month and want the second payment refunded.',
  'My card stopped working at the supermarket yesterday even though there is money on it.',
  'The app keeps logging me out whenever I try to open the statements page on my phone.',
  'I moved house last week and need to update the postal address on my account.',
  'A transfer to my landlord has not arrived after three working days.',
  'Why was there a fee for withdrawing cash abroad when your website says it is free?',
  'I would like to close my savings account and move the balance to my current account.',
  'The interest on my deposit seems lower than what was promised when I opened it.',
  'I cannot find where to download last year’s tax certificate in the online bank.',
  'My direct debit for the electricity bill was rejected and the supplier charged me a penalty.',
  'The new card you sent me has my surname spelled wrong on the front.',
  'I want to raise the daily limit for contactless payments on my card.',
];

const DETAILS = [
  'It happened on the way back from my sister’s wedding in the countryside.',
  'My husband noticed it first when he checked the family budget spreadsheet.',
  'I have been a customer for eleven years and this never happened before.',
  'The branch in the old town told me to call you instead.',
  'I tried the chat in the app but it kept timing out on me.',
  'My employer pays my salary into this account so it matters a lot.',
  'I am travelling for work all week and only have my laptop with me.',
  'The letter you sent arrived torn and half of it was unreadable.',
  'My daughter helps me with the online bank because my eyesight is poor.',
  'I already called on Monday and the person promised a call back that never came.',
  'We are renovating the kitchen so every euro counts right now.',
  'A neighbour had the same thing last month, so maybe it is a wider problem.',
  'I use the card mostly for groceries and the bus pass.',
  'The website FAQ did not cover my situation at all.',
  'I am writing from my partner’s phone because mine is being repaired.',
  'My accountant needs this sorted before the end of the quarter.',
  'I only noticed because the supermarket receipt looked odd.',
  'I would prefer an answer by e-mail rather than a phone call.',
  'The previous agent was friendly but could not find my records.',
  'I am a student and this account is linked to my scholarship.',
];

const ASIDES = [
  'Sorry for the long message.',
  'Hope you can sort it quickly.',
  'Let me know if you need documents from me.',
  'I can send a screenshot if that helps.',
  'Please do not close the ticket before checking.',
  'I am available after five most days.',
  'My reference from last time was lost, unfortunately.',
  'This is the second time I am asking.',
  'Not urgent, but annoying.',
  'Happy to visit a branch if needed.',
  'Thanks in advance for looking.',
  'I will check back tomorrow.',
  'Apologies if this is the wrong department.',
];

/**
 * Benign near-templates: every customer opens with the same greeting and closes with the same
 * thanks; between them, everyday problems told in their own words (no two customers the same).
 */
export const benign = (i: number): ConversationInput['messages'] => {
  const complaint = COMPLAINTS[i % COMPLAINTS.length]!;
  const detail = DETAILS[Math.floor(i / COMPLAINTS.length) % DETAILS.length]!;
  const aside = ASIDES[i % ASIDES.length]!;
  return [
    { role: 'customer', text: `Hi there, good morning. ${complaint}` },
    { role: 'agent', text: 'Let me look into that for you.' },
    { role: 'customer', text: `${detail} ${aside} Thank you very much for your help.` },
  ];
};
