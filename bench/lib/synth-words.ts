/**
 * Word lists for the synthetic field-note generator: ordinary English words (all in GloVe's
 * vocabulary, so the local embedder sees real vectors), roughly ordered from common to rare so
 * a Zipf draw over the list gives realistic frequencies.
 */

const words = (s: string): readonly string[] => s.trim().split(/\s+/)

/** Function words, most frequent first. */
export const FUNCTION_WORDS = words(`
  the of and to a in is that for it was on with as be by at this are from or have an they which
  but not we had has were been their after all there when more its can about our also into than
  them only other new some could these two may then do first any like over such what most where
  before through while because between during under again since both each few same until very
`)

/** Content words of field notes, support tickets and incident write-ups, common to rare. */
export const CONTENT_WORDS = words(`
  customer team data system service issue time user database server change deploy update release
  error request production support meeting week report process access network application call
  problem test account load version queue job cluster config file traffic client integration
  pipeline schema migration latency timeout connection pool memory disk cache index query table
  backup restore replica failover outage incident alert monitoring dashboard metric logs trace
  certificate token password login session security firewall proxy gateway endpoint api webhook
  batch schedule cron retry throttle limit quota storage bucket upload download export import sync
  vendor contract invoice billing pricing renewal licence onboarding training handover rollout
  pilot feedback requirement roadmap priority estimate deadline milestone scope risk dependency
  warehouse shipment order inventory freight carrier route delivery tracking dispatch driver fleet
  store checkout payment refund catalog product price promotion loyalty basket terminal receipt
  clinic patient record appointment insurance claim pharmacy prescription referral consent audit
  compliance regulation policy retention encryption privacy consent breach review approval sign
  kubernetes container node pod image registry helm terraform ansible script agent runner worker
  postgres mysql oracle kafka redis elasticsearch spark airflow snowflake tableau excel sharepoint
  latency spike regression leak deadlock contention saturation backlog lag drift skew corruption
  rollback hotfix patch upgrade downgrade workaround mitigation escalation postmortem remediation
  owner engineer manager director analyst operator architect administrator stakeholder sponsor
  morning afternoon evening night weekend monday friday quarter month holiday shift rotation
  region zone datacenter cloud bandwidth packet router switch dns vpn tunnel subnet address
  parser encoder format csv json xml pdf spreadsheet template field column row record attribute
  duplicate missing invalid stale inconsistent partial corrupted truncated delayed dropped
  slow fast stable unstable intermittent recurring critical minor major urgent blocked resolved
  forecast model prediction accuracy threshold anomaly outlier baseline sample feature label
  email notification message chat ticket queue survey form portal mobile tablet browser
`)

/** Customer names (fictional), most active first. */
export const CUSTOMERS = words(`
  Kestrel Larkspur Meridian Halcyon Juniper Obsidian Saffron Tamarind Cobalt Wren Basalt Heron
  Marigold Falcon Quill Cypress Alder Sable Ember Lumen Vireo Cinder Osprey Thistle Garnet Indigo
  Bramble Pollen Fennel Lichen Solstice Aurora Granite Harbor Mistral Nimbus Oriole Pebble Rook Slate
`)

/** Section headings of field notes. */
export const HEADINGS = words(`
  Summary Context Timeline Impact Findings Actions Decisions Risks Questions Workaround Resolution
  Observations Notes Followups
`)
