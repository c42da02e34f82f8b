import type { RecordAgreementInput } from '../domain/index.ts';

/**
 * Kenya's bilateral labour agreements named in docs/design/domain.md, as public sources describe them.
 * Their texts are mostly not public: each record's notes say what the provisions rest on, and a provision
 * is what public accounts report, never a clause made up for the demo. Days that are not public are not
 * made up either: a step whose day is known only to the month or year is dated the last day of that
 * period (the agreement certainly stood so by then), and the notes say so. The date of entry into force is
 * public for none of them; each is recorded as in force from its signature, as the notes say, because
 * each is reported as being implemented.
 */
export interface DemoStep {
  /** The route under /blmas/:id. */
  path: 'signature' | 'entry-into-force' | 'amendment' | 'committee-meetings';
  body: Record<string, unknown>;
}

export interface DemoAgreement {
  /** Stable: names the agreement's Idempotency-Key. */
  key: string;
  record: RecordAgreementInput;
  steps: DemoStep[];
}

const NOT_IN_FORCE_DATE =
  'The date it entered into force is not public: the record takes the day of signature.';

export const kenyaAgreements: DemoAgreement[] = [
  {
    key: 'sa-2017-domestic-workers',
    record: {
      partnerCountry: 'SA',
      title: 'Agreement on the recruitment of Kenyan domestic workers (Saudi Arabia, 2017)',
      kind: 'bilateral-labour-agreement',
      sectors: [{ isco: '9111', label: 'Domestic cleaners and helpers' }],
      provisions: [
        {
          kind: 'passport-retention-prohibited',
          text: 'Reported by Kenyan officials (2017): domestic workers keep their passports.',
        },
        {
          kind: 'wage-protection',
          text: "Reported by Kenyan officials (2017): employers deposit salaries into the workers' bank accounts every month.",
        },
        {
          kind: 'maximum-hours',
          text: 'Reported by Kenyan officials (2017): maximum working hours. The number is not public.',
        },
        {
          kind: 'rest-days',
          text: 'Reported by Kenyan officials (2017): annual vacation and official holidays.',
        },
        {
          kind: 'medical-cover',
          text: 'Reported by Kenyan officials (2017): full medical cover for domestic workers.',
        },
        {
          kind: 'contract-attestation',
          text: 'Reported by Kenyan officials (2017): contracts approved by the Ministry of Labour and the Kenyan embassy; workers told the nature and terms of their work.',
        },
        {
          kind: 'recruitment-fees',
          text: "Reported in the Saudi ministry's statement (2017): recruitment costs controlled in both countries; recruitment only through licensed offices, companies or agencies. Who bears the costs is not stated publicly.",
        },
        {
          kind: 'dispute-resolution',
          text: 'Reported by Kenyan officials (2017): Kenyan labour officials follow up labour disputes.',
        },
        {
          kind: 'other',
          text: 'Reported (2017): Kenya trains workers in domestic work and Saudi customs before departure and checks that they are medically fit and without criminal record; workers may keep a mobile phone.',
        },
      ],
      notes: [
        'The text of the agreement is not public. Its provisions here are those described in public reports of its signing: a statement of the Saudi Ministry of Labour and Social Development and accounts by Kenyan officials (May-June 2017).',
        'Signed in May 2017 by Labour Cabinet Secretary Phyllis Kandie and Minister Ali bin Nasser Al-Ghafees; the exact day is not public, so the record dates the signature 31 May 2017.',
        NOT_IN_FORCE_DATE,
        'Its review and expiry dates are not public. In 2025 the Ministry said publicly that the agreement is being reviewed.',
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2017-05-31' } },
      { path: 'entry-into-force', body: { date: '2017-05-31' } },
    ],
  },
  {
    key: 'qa-2012',
    record: {
      partnerCountry: 'QA',
      title: 'Bilateral labour agreement between Kenya and Qatar (2012)',
      kind: 'bilateral-labour-agreement',
      sectors: [{ isco: '9', label: 'Elementary occupations (mainly unskilled labour)' }],
      provisions: [],
      notes: [
        'The text of the 2012 agreement is not public, and no public source describes its provisions: none are recorded. Public statements (2024) describe it as primarily about unskilled labour migration.',
        'Signed in 2012; the exact day is not public, so the record dates the signature 31 December 2012.',
        NOT_IN_FORCE_DATE,
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2012-12-31' } },
      { path: 'entry-into-force', body: { date: '2012-12-31' } },
      {
        path: 'committee-meetings',
        body: {
          // Reported (October 2024): the joint labour committee met in Nairobi, co-chaired by both ministers.
          date: '2024-10-06',
          attendees: [
            { institution: 'Ministry of Labour and Social Protection', country: 'KE' },
            { institution: 'National Employment Authority', country: 'KE' },
            { institution: 'Ministry of Labour', country: 'QA' },
          ],
          decisions: [],
        },
      },
      {
        path: 'amendment',
        body: {
          date: '2024-12-31',
          summary:
            'Amended towards skilled work (ICT, health, education, infrastructure, agriculture), as announced after the joint labour committee of October 2024. The amended text is not public; the day the amended terms took effect is not either, so the record dates them 31 December 2024.',
          provisions: [
            {
              kind: 'joint-committee',
              text: 'Reported (October 2024): a joint labour committee of both ministries meets; joint technical committees are to be activated.',
            },
            {
              kind: 'contract-attestation',
              text: 'Reported (October 2024): a Qatar Visa Centre in Nairobi to ensure contracts are properly signed and documented before departure.',
            },
          ],
          sectors: [
            { isco: '9', label: 'Elementary occupations (mainly unskilled labour)' },
            { isco: '25', label: 'Information and communications technology professionals' },
            { isco: '22', label: 'Health professionals' },
            { isco: '23', label: 'Teaching professionals' },
            { isco: '21', label: 'Science and engineering professionals' },
            { isco: '6', label: 'Skilled agricultural, forestry and fishery workers' },
          ],
        },
      },
    ],
  },
  {
    key: 'ae-2018',
    record: {
      partnerCountry: 'AE',
      title: 'Bilateral labour agreement between Kenya and the United Arab Emirates (2018)',
      kind: 'bilateral-labour-agreement',
      sectors: [{ isco: '9111', label: 'Domestic cleaners and helpers' }],
      provisions: [
        {
          kind: 'contract-attestation',
          text: "Announced by NEA's chair before signing: every contract of a Kenyan going to work in the UAE attested by labour authorities.",
        },
        {
          kind: 'other',
          text: "Announced by NEA's chair before signing: Kenyan labour officials posted in the UAE's main cities to monitor living and working conditions.",
        },
      ],
      notes: [
        "The text of the agreement is not public. Its provisions here are those NEA's chair announced before it was signed.",
        'Signed in 2018 (docs/design/domain.md); the exact day is not public, so the record dates the signature 31 December 2018. The sectors covered are not public either: domestic work, the sector the announcement was about, is recorded.',
        NOT_IN_FORCE_DATE,
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2018-12-31' } },
      { path: 'entry-into-force', body: { date: '2018-12-31' } },
    ],
  },
  {
    key: 'gb-2021-health-workforce',
    record: {
      partnerCountry: 'GB',
      title:
        'Bilateral agreement between the Government of the Republic of Kenya and the Government of the United Kingdom for collaboration on healthcare workforce',
      kind: 'bilateral-labour-agreement',
      sectors: [
        { isco: '2221', label: 'Nursing professionals (the first cadre recruited)' },
        { isco: '22', label: 'Health professionals' },
      ],
      provisions: [
        {
          kind: 'other',
          text: 'Recruitment of qualified Kenyan healthcare professionals for employment in the United Kingdom (the NHS), in line with the WHO Global Code of Practice on the International Recruitment of Health Personnel.',
        },
        {
          kind: 'other',
          text: 'The parties jointly act against unethical or illegal recruitment, smuggling and human trafficking.',
        },
        {
          kind: 'joint-committee',
          text: 'A joint committee oversees the implementation and interpretation of the agreement.',
        },
      ],
      notes: [
        "The text is public: the UK Department of Health and Social Care published it on 11 November 2021 (gov.uk, 'Bilateral agreement between the UK and Kenya on healthcare workforce collaboration'). Its sections: areas of cooperation, recruitment, employment conditions, regulation of recruitment and the joint committee. The provisions recorded here are summaries of those sections; the published text is the reference for the employment conditions.",
        'Signed on 29 July 2021 in London by Labour Cabinet Secretary Simon Chelugui and Health Secretary Sajid Javid.',
        NOT_IN_FORCE_DATE,
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2021-07-29' } },
      { path: 'entry-into-force', body: { date: '2021-07-29' } },
    ],
  },
  {
    key: 'de-2024-migration-mobility',
    record: {
      partnerCountry: 'DE',
      title: 'Comprehensive Migration and Mobility Partnership Agreement between Kenya and Germany',
      kind: 'partnership',
      sectors: [
        { isco: '22', label: 'Health professionals' },
        { isco: '25', label: 'Information and communications technology professionals' },
        { isco: '83', label: 'Drivers and mobile plant operators' },
      ],
      provisions: [
        {
          kind: 'other',
          text: 'Reported (September 2024): fair mobility of skilled workers, students and apprentices, including temporary migration for vocational training and work and possibly seasonal work; no quotas.',
        },
        {
          kind: 'recruitment-fees',
          text: 'Reported (September 2024): both governments ensure fair and ethical recruitment practices. Who bears recruitment costs is not stated publicly.',
        },
        {
          kind: 'repatriation',
          text: 'Reported (September 2024): cooperation on the readmission and return of people without a right to stay.',
        },
        {
          kind: 'other',
          text: 'Reported (September 2024): preventing and combating irregular migration, smuggling, forced labour, labour exploitation and human trafficking, and protecting victims.',
        },
        {
          kind: 'joint-committee',
          text: 'Reported by the Kenyan government (May 2024): a Joint Implementation Committee implements the agreement.',
        },
      ],
      notes: [
        "The full text was not found among public sources when this record was made. Its provisions here are those described in the governments' public statements at its signing and in reports of the negotiations (March-May 2024); the sectors are those named in those statements (health care, IT specialists, bus drivers in training).",
        'Signed on 13 September 2024 in Berlin by Prime Cabinet Secretary Musalia Mudavadi and Interior Minister Nancy Faeser, witnessed by President William Ruto and Chancellor Olaf Scholz.',
        NOT_IN_FORCE_DATE,
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2024-09-13' } },
      { path: 'entry-into-force', body: { date: '2024-09-13' } },
    ],
  },
  {
    key: 'at-2024-mobility-migration',
    record: {
      partnerCountry: 'AT',
      title:
        'Memorandum of Understanding between Kenya and Austria on Cooperation in the Field of Mobility and Migration',
      kind: 'mou',
      sectors: [
        { isco: '22', label: 'Health professionals' },
        { isco: '25', label: 'Information and communications technology professionals' },
        { isco: '21', label: 'Science and engineering professionals' },
        { isco: '51', label: 'Personal service workers (hospitality)' },
      ],
      provisions: [
        {
          kind: 'other',
          text: 'Reported (January 2025): procedures for the selection and placement of skilled Kenyan workers; Kenya aligns its training with the needs of the Austrian labour market.',
        },
      ],
      notes: [
        'The text of the memorandum is not public. Its provisions and sectors here are those described publicly when its implementation began (January 2025).',
        'Signed in September 2024 (after 17 September, when both foreign ministers committed to finalise it); the exact day is not public, so the record dates the signature 30 September 2024.',
        NOT_IN_FORCE_DATE,
      ].join('\n'),
    },
    steps: [
      { path: 'signature', body: { date: '2024-09-30' } },
      { path: 'entry-into-force', body: { date: '2024-09-30' } },
    ],
  },
];
