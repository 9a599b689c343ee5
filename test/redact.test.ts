import { describe, expect, it } from 'vitest'
import { REDACTION_KINDS, redact } from '../ingest/redact.ts'

// Fake secret bodies: right alphabet and length, never real. Prefixes are kept apart from the bodies
// in the source (`ghp_${A36}`) so secret scanners do not flag this file.
const A16 = 'Q7ZK2M4X9TB3WF5N'
const A20 = 'f4K9xQ2mZ7pL1vB8nR3t'
const A36 = 'R3dT5tT0kAbCdEfGh1jKlMnOpQr5tUvWxYz9'
const A40 = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYz3Xq9Lm2Ab'
const A48 = 'Zq3vN8kLmP2xR7tY4wB9cD1fG6hJ0sA5eU3iO8pK2lM7nQ4r'
const B64_88 = 'Ym9ndXNrZXlmb3JyZWRhY3Rpb250ZXN0c29ubHkwMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo='
const PEM_BODY = 'MIIEpAIBAAKCAQEA7q3v9ZbQ\nd2FzbnRyZWFsYnV0bG9va3Nz\nb2ZvcnRoZXRlc3RzdWl0ZQ=='
const JWT = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkZpZWxkIn0.${A36}`

const pem = (label: string): string =>
  `-----BEGIN ${label}PRIVATE KEY-----\n${PEM_BODY}\n-----END ${label}PRIVATE KEY-----`

/** Input text, the kind it must be reported as, and the secret substring that must disappear. */
type Positive = [input: string, kind: string, secret: string]

const positives: Positive[] = [
  [`key:\n${pem('RSA ')}\nend`, 'private-key', PEM_BODY],
  [`${pem('OPENSSH ')}`, 'private-key', PEM_BODY],
  [`${pem('EC ')}`, 'private-key', PEM_BODY],
  [`${pem('ENCRYPTED ')}`, 'private-key', PEM_BODY],
  [`${pem('DSA ')}`, 'private-key', PEM_BODY],
  [`${pem('')}`, 'private-key', PEM_BODY],
  [
    `pasted half a key:\n-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n`,
    'private-key',
    'd2FzbnRyZWFsYnV0bG9va3Nz',
  ],
  [
    `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${A48}\\n-----END PRIVATE KEY-----\\n"}`,
    'gcp-service-account-key',
    A48,
  ],
  [`session cookie ${JWT} expired`, 'jwt', JWT],
  [`Authorization: Bearer ${JWT}`, 'jwt', JWT],
  [`aws_access_key_id = AKIA${A16}`, 'aws-access-key', `AKIA${A16}`],
  [`temporary creds ASIA${A16} from STS`, 'aws-access-key', `ASIA${A16}`],
  [`aws_secret_access_key = ${A40}`, 'aws-secret-key', A40],
  [`{"SecretAccessKey": "${A40}"}`, 'aws-secret-key', A40],
  [`maps key AIza${A36.slice(1)} in the page source`, 'gcp-api-key', `AIza${A36.slice(1)}`],
  [
    `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${B64_88};EndpointSuffix=core.windows.net`,
    'azure-storage-key',
    B64_88,
  ],
  [
    `https://acme.blob.core.windows.net/logs?sv=2022-11-02&sp=rl&sig=${A36}%3D`,
    'azure-sas-token',
    `${A36}%3D`,
  ],
  [
    `BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&sig=${A36}`,
    'azure-sas-token',
    A36,
  ],
  [`export GITHUB_TOKEN_FOR_CI ghp_${A36}`, 'github-token', `ghp_${A36}`],
  [`oauth: gho_${A36} (app)`, 'github-token', `gho_${A36}`],
  [`user-to-server ghu_${A36}`, 'github-token', `ghu_${A36}`],
  [`installation ghs_${A36}`, 'github-token', `ghs_${A36}`],
  [`refresh ghr_${A36}`, 'github-token', `ghr_${A36}`],
  [`fine-grained github_pat_11ABCDEFG0${A20}_${A48}`, 'github-token', `github_pat_11ABCDEFG0${A20}_${A48}`],
  [`gitlab glpat-${A20} for the mirror`, 'gitlab-token', `glpat-${A20}`],
  [`bot xoxb-1234567890-1234567890123-${A20}`, 'slack-token', `xoxb-1234567890-1234567890123-${A20}`],
  [`user xoxp-1234567890-1234567890-${A20}`, 'slack-token', `xoxp-1234567890-1234567890-${A20}`],
  [`legacy xoxa-2-${A20} and`, 'slack-token', `xoxa-2-${A20}`],
  [`session xoxs-${A20}`, 'slack-token', `xoxs-${A20}`],
  [`alerts go to https://hooks.slack.com/services/T0AB12CDE/B0FG34HIJ/${A20}`, 'slack-webhook', A20],
  [`stripe sk_live_${A36}`, 'stripe-key', `sk_live_${A36}`],
  [`stripe sk_test_${A36}`, 'stripe-key', `sk_test_${A36}`],
  [`restricted rk_live_${A36}`, 'stripe-key', `rk_live_${A36}`],
  [`publishable pk_live_${A36}`, 'stripe-key', `pk_live_${A36}`],
  [`OPENAI key sk-${A48}`, 'openai-api-key', `sk-${A48}`],
  [`project key sk-proj-${A48}_${A20}`, 'openai-api-key', `sk-proj-${A48}_${A20}`],
  [`claude key sk-ant-api03-${A48}-${A36}`, 'anthropic-api-key', `sk-ant-api03-${A48}-${A36}`],
  ['DATABASE_URL=postgres://app_user:Pg!s3cret#99@db.internal:5432/app', 'password', 'Pg!s3cret#99'],
  ['mongodb+srv://admin:M0ng0P@ss@cluster0.abcde.mongodb.net/prod', 'password', 'M0ng0P@ss'],
  ['redis://:r3disS3cret@cache:6379/0', 'password', 'r3disS3cret'],
  ['curl -u deploy:Curl-P4ss https://api.acme.test/v1', 'password', 'Curl-P4ss'],
  ['DB_PASSWORD=Tr0ub4dor&3', 'password', 'Tr0ub4dor'],
  ['password: correct horse battery staple', 'password', 'correct horse battery staple'],
  ['{"user": "svc", "password": "s3cr3t-JSON-value"}', 'password', 's3cr3t-JSON-value'],
  ["passwd: 'quoted!pw'", 'password', 'quoted!pw'],
  ['mysql -h db --pwd=MyPwd123', 'password', 'MyPwd123'],
  ['admin / password:Adm1n-2024', 'password', 'Adm1n-2024'],
  ['Server=db;Database=app;User Id=sa;Password=Sql$erver2019;', 'password', 'Sql$erver2019'],
  ['webhook secret: whk-9f8e7d6c5b', 'secret', 'whk-9f8e7d6c5b'],
  ['we pasted the token: tk-77aa91 into the ticket by mistake', 'token', 'tk-77aa91'],
  ['data:\n  token: |\n    blockTokenLine1\n    blockTokenLine2\n  other: x', 'token', 'blockTokenLine'],
  [
    'env:\n  - name: DB_PASSWORD\n    value: k8s-Pg-S3cret\n  - name: LOG_LEVEL\n    value: debug',
    'password',
    'k8s-Pg-S3cret',
  ],
  ['<server><id>nexus</id><password>mvnS3cret</password></server>', 'password', 'mvnS3cret'],
  ['OKTA_CLIENT_SECRET="okta-Cl1ent-S3cret-Value"', 'secret', 'okta-Cl1ent-S3cret-Value'],
  ['api_key=live-9d8c7b6a5f4e3d2c', 'api-key', 'live-9d8c7b6a5f4e3d2c'],
  ['x-api-key: ak-7Hq2Lm9Xp4', 'api-key', 'ak-7Hq2Lm9Xp4'],
  ['token: tk_8f7e6d5c4b3a2918', 'token', 'tk_8f7e6d5c4b3a2918'],
  ['https://api.acme.test/export?access_token=at-5a4b3c2d1e&format=csv', 'token', 'at-5a4b3c2d1e'],
  [`Authorization: Bearer opaque-${A36}`, 'bearer-token', `opaque-${A36}`],
  [
    'curl -H "Authorization: Basic ZGVwbG95OmMwcnJlY3Q=" https://x.test',
    'basic-auth',
    'ZGVwbG95OmMwcnJlY3Q=',
  ],
  ['escalated to jane.doe@customer-corp.com yesterday', 'email', 'jane.doe@customer-corp.com'],
  ['cc: ops+pager@eu.acme.co.uk', 'email', 'ops+pager@eu.acme.co.uk'],
  ['call (415) 555-0134 after 5pm', 'phone', '(415) 555-0134'],
  ['on-call 415-555-0134', 'phone', '415-555-0134'],
  ['London office +44 20 7946 0958', 'phone', '+44 20 7946 0958'],
  ['US mobile +1-415-555-0134', 'phone', '+1-415-555-0134'],
  ['Berlin +49 (0)30 12345678', 'phone', '+49 (0)30 12345678'],
  ['UK landline 020 7946 0958', 'phone', '020 7946 0958'],
  ['refund to GB82 WEST 1234 5698 7654 32 please', 'iban', 'GB82 WEST 1234 5698 7654 32'],
  ['IBAN: DE89 3704 0044 0532 0130 00', 'iban', 'DE89 3704 0044 0532 0130 00'],
  ['compact FR1420041010050500013M02606 form', 'iban', 'FR1420041010050500013M02606'],
  ['test card 4111 1111 1111 1111 exp 12/29', 'payment-card', '4111 1111 1111 1111'],
  ['mastercard 5555-5555-5555-4444', 'payment-card', '5555-5555-5555-4444'],
  ['amex 378282246310005 on file', 'payment-card', '378282246310005'],
  ['lower-case iban de89 3704 0044 0532 0130 00 typed by hand', 'iban', 'de89 3704 0044 0532 0130 00'],
  ['SSN: 123-45-6789 on the claim form', 'us-ssn', '123-45-6789'],
  ['the intake sheet lists 219-09-9999 as the number', 'us-ssn', '219-09-9999'],
  ['NI number QQ 12 34 56 C for payroll', 'uk-ni-number', 'QQ 12 34 56 C'],
  ['her NINO is ab123456c', 'uk-ni-number', 'ab123456c'],
  ['Passport No: C03005988 (expires 2031)', 'passport-number', 'C03005988'],
  ['CPF 529.982.247-25 do titular', 'national-id', '529.982.247-25'],
  ['BSN: 111222333', 'national-id', '111222333'],
  ['Date of birth: 07/11/1984', 'date-of-birth', '07/11/1984'],
  ['DOB 3 May 1980, seen twice', 'date-of-birth', '3 May 1980'],
  ['loyalty number: QF-99120374', 'member-id', 'QF-99120374'],
  ['Patient ID 00482913 was paged', 'member-id', '00482913'],
  ['db_pass: Wint3r-Harbour', 'password', 'Wint3r-Harbour'],
  ['SMTP_PASS=Ml-r3lay-77', 'password', 'Ml-r3lay-77'],
  ['credentials: admin/Adm1n-Quay', 'password', 'admin/Adm1n-Quay'],
  [
    'curl -H "Authorization: Token 9944b09199c62bcf9418ad846dd0e4bb" https://x.test',
    'token',
    '9944b09199c62bcf9418ad846dd0e4bb',
  ],
  [
    'Authorization: SSWS 00QCjAl4MlV-WPXM8wJD1Vqcr4b5s0XbtBgrf9',
    'token',
    '00QCjAl4MlV-WPXM8wJD1Vqcr4b5s0XbtBgrf9',
  ],
  ['for the record, the password is Tr0ub4dor&3.', 'password', 'Tr0ub4dor&3'],
  ['the PIN for the lobby door is 4821', 'password', '4821'],
  ['the password we gave them was Kelp-F0rest for the demo', 'password', 'Kelp-F0rest'],
  ['the admin password was reset to "Harbour Light 9" by ops', 'password', 'Harbour Light 9'],
  ['| user | password |\n|---|---|\n| svc_etl | Gr33n-Fjord |', 'password', 'Gr33n-Fjord'],
]

const negatives: string[] = [
  'request id 123e4567-e89b-12d3-a456-426614174000 failed',
  'fixed in a1b2c3d, see 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b',
  'upgraded to v1.2.3 then 2.14.0-rc.1',
  'cut-over on 2024-03-15, i.e. 15/03/2024, at 2024-03-15T10:22:31Z',
  'the job ran from 09:30 to 17:45:12',
  'processed 1,234,567 rows, pi is 3.14, batch size 10000',
  'postgres listens on localhost:5432 and the API on :8443',
  'the gateway returned HTTP 503 then 200',
  'tracked in JIRA-1234 and INC0012345',
  'pod payments-api-7d9f8b6c5-x2x9z in namespace sk-payments-worker-deployment-prod',
  'brand colour #ff5733 and #FFF',
  'artifact sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 verified',
  'config lives in /etc/fieldkb/config.yaml and C:\\Users\\me\\notes.md',
  'docs at https://docs.example.com:8443/v1/users?id=42#auth',
  'the password was rotated after the incident',
  'password:\ntoken:   \n',
  'see [the runbook](https://wiki.example.com/runbooks/db-failover)',
  'already clean: [REDACTED:password] and [REDACTED:email]',
  'password: <your-password>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell/CI placeholder is the input under test
  'PASSWORD=${DB_PASSWORD}',
  "password: '****'",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell/CI placeholder is the input under test
  'token: ${{ secrets.GITHUB_TOKEN }}',
  'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
  'AccountKey=<storage-account-key>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell/CI placeholder is the input under test
  'postgres://app:${PGPASSWORD}@db:5432/app',
  'max_tokens: 512, token_type: bearer, secretName: db-credentials, password_policy: strict',
  'PWD=/home/ubuntu',
  'docker run -u 1000:1000 image',
  'git clone git@github.com:acme/fieldkb.git; icon logo@2x.png; lodash@4.17.21',
  'we use Bearer authentication for the public API',
  'card ending 4111 1111 1111 1112 was declined',
  'epoch 1710498151000 and stamp 20240315103000',
  'resolver at 10.0.0.1 and 192.168.1.254',
  'UTC+05:30, +1 vote, 2 + 2 = 4',
  'def verify(token: str) -> dict:',
  'answer-svc returned `401 invalid_token: token expired` to every call',
  '{"user": "svc", "token": null, "secret": "", "password": "<set-me>"}',
  'password: >-\nnot indented, so not a block',
  'interface Creds { password: string; apiKey?: string }',
  'read_url: postgres://svc_rag@db-replica.internal:5432/rag',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell/CI placeholder is the input under test
  'git clone "https://x-access-token:${GH_TOKEN}@ghes.example.com/fde/templates.git"',
  'the token is expired and the password is stored in Vault',
  'credentials: include',
  'bypass: enabled',
  '{"credentials": [{"type": "oauth"}]}',
  'AWS documents AKIAIOSFODNN7EXAMPLE as its example key',
  'build 2026.07.18-1442 shipped connector v2.14.3',
  'store ids 000-12-3456 and 666-12-3456 are not SSNs',
]

describe('redact', () => {
  it.each(positives)('redacts %j as the given kind', (input, kind, secret) => {
    const result = redact(input)
    expect(result.text).not.toContain(secret)
    expect(result.text).toContain(`[REDACTED:${kind}]`)
    expect(result.counts).toEqual({ [kind]: 1 })
    expect(result.total).toBe(1)
  })

  it.each(negatives)('leaves %j byte-identical', (input) => {
    const result = redact(input)
    expect(result.text).toBe(input)
    expect(result.counts).toEqual({})
    expect(result.total).toBe(0)
  })

  it('covers every kind in the positive samples except the opt-in ipv4 and person names', () => {
    // Names need an identity detail beside them: test/redact-markup.test.ts covers `person`.
    const covered = new Set(positives.map(([, kind]) => kind))
    expect(REDACTION_KINDS.filter((kind) => !covered.has(kind))).toEqual(['ipv4', 'person'])
  })

  it('replaces a GitHub personal access token with a typed placeholder', () => {
    expect(redact(`token ghp_${A36} leaked`).text).toBe('token [REDACTED:github-token] leaked')
  })

  it('keeps scheme, user and host of a connection URL and replaces only the password', () => {
    expect(redact('postgres://user:PASSWORD1@host:5432/db').text).toBe(
      'postgres://user:[REDACTED:password]@host:5432/db',
    )
  })

  it('replaces a whole multi-line PEM block with one placeholder', () => {
    expect(redact(`before\n${pem('RSA ')}\nafter`)).toEqual({
      text: 'before\n[REDACTED:private-key]\nafter',
      counts: { 'private-key': 1 },
      total: 1,
    })
  })

  it('keeps the key of an assignment and its quotes and replaces only the value', () => {
    expect(redact('{"password": "s3cr3t", "api_key": \'k-123456\'}').text).toBe(
      '{"password": "[REDACTED:password]", "api_key": \'[REDACTED:api-key]\'}',
    )
  })

  it('gives a key that starts its line the rest of the line but a key inside prose only the next word', () => {
    expect(redact('password: correct horse battery\nthe password: hunter2 was reused').text).toBe(
      'password: [REDACTED:password]\nthe password: [REDACTED:password] was reused',
    )
  })

  it('stops a YAML value at a trailing comment', () => {
    expect(redact('password: hunter2 # rotated monthly').text).toBe(
      'password: [REDACTED:password] # rotated monthly',
    )
  })

  it('keeps YAML structure and indentation around a redacted block scalar', () => {
    expect(redact('auth:\r\n  secret: |\r\n    line-one\r\n    line-two\r\n  user: svc\r\n').text).toBe(
      'auth:\r\n  secret: |\r\n    [REDACTED:secret]\r\n  user: svc\r\n',
    )
  })

  it('redacts a password in YAML frontmatter before anything parses it', () => {
    const note = '---\ntitle: Cut-over\ncustomer: Acme\npassword: hunter2-prod!\n---\n# Notes\nAll good.\n'
    expect(redact(note)).toEqual({
      text: '---\ntitle: Cut-over\ncustomer: Acme\npassword: [REDACTED:password]\n---\n# Notes\nAll good.\n',
      counts: { password: 1 },
      total: 1,
    })
  })

  it('counts several secrets of several kinds in one text exactly', () => {
    const text = [
      `GITHUB_TOKEN=ghp_${A36}`,
      `aws_access_key_id = AKIA${A16}`,
      'owner: jane.doe@customer-corp.com, backup: ops@customer-corp.com',
      'DB_URL=postgres://svc:Sup3rS3cret@db.customer-corp.com/app',
      'password: hunter2-prod!',
      'call 415-555-0134',
    ].join('\n')
    const result = redact(text)
    expect(result.counts).toEqual({ 'github-token': 1, 'aws-access-key': 1, email: 2, password: 2, phone: 1 })
    expect(result.total).toBe(7)
  })

  it('is idempotent: redacting redacted text changes nothing and counts nothing', () => {
    const once = redact(positives.map(([input]) => input).join('\n'), { ipv4: true })
    expect(once.total).toBeGreaterThanOrEqual(positives.length)
    const twice = redact(once.text, { ipv4: true })
    expect(twice).toEqual({ text: once.text, counts: {}, total: 0 })
  })

  it('never re-matches a placeholder, even after a key that would otherwise be redacted', () => {
    expect(redact('password: [REDACTED:password]\ntoken=[REDACTED:jwt]')).toEqual({
      text: 'password: [REDACTED:password]\ntoken=[REDACTED:jwt]',
      counts: {},
      total: 0,
    })
  })

  it('leaves IPv4 addresses alone by default and redacts valid ones when asked', () => {
    const text = 'db at 10.0.12.7:5432, bogus 999.1.1.1, release v1.2.3.4'
    expect(redact(text).text).toBe(text)
    expect(redact(text, { ipv4: true })).toEqual({
      text: 'db at [REDACTED:ipv4]:5432, bogus 999.1.1.1, release v1.2.3.4',
      counts: { ipv4: 1 },
      total: 1,
    })
  })

  it('lets a 16-digit number that fails the Luhn check survive', () => {
    expect(redact('order 4111111111111112').text).toBe('order 4111111111111112')
    expect(redact('order 4111111111111111').text).toBe('order [REDACTED:payment-card]')
  })

  it('rejects an IBAN with a wrong check digit', () => {
    expect(redact('GB83 WEST 1234 5698 7654 32').total).toBe(0)
  })
})
