// The campaign's schedule: which customer action comes next, in which tab, and which
// fault strikes before it. Everything comes from one seeded generator, so a seed always
// gives the same schedule and a failing run can be replayed.

/** mulberry32: a small, fast 32-bit generator; numbers from 0 (included) to 1. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every kind of customer action, with how often it comes up. */
export const ACTIONS = {
  dispute: 3,
  message: 3,
  withdrawal: 1,
  feedback: 1,
  plan: 1,
  promise: 1,
  'promise-move': 1,
  help: 2,
  preferences: 2,
};

/** Faults: the browser offline, the server killed, the proxy failing the next requests,
 * and what the customer does to tabs. */
const FAULTS = ['offline', 'kill-server', 'unavailable', 'too-many', 'drop', 'drop-answer', 'slow', 'reload', 'close-tab', 'open-tab'];
/** The proxy's faults, which take the next few requests to the API. */
export const PROXY_FAULTS = ['unavailable', 'too-many', 'drop', 'drop-answer', 'slow'];

/** How often a fault comes before an action. */
const FAULT_CHANCE = 0.4;
/** The most tabs open at once. */
const MOST_TABS = 3;
/** How many open disputes the messages are written on. */
export const CONVERSATIONS = 3;

/**
 * The schedule of `count` actions for `seed`: a list of steps, each either
 * `{ action, number, tab, ... }` or `{ fault, ... }`. Actions are numbered from 1; the
 * number is the action's marker. `tab` is an index into the tabs open at that step.
 */
export function schedule(seed, count) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const weighted = Object.entries(ACTIONS).flatMap(([kind, weight]) => Array(weight).fill(kind));
  const steps = [];
  let tabs = 1;
  // Actions left before the browser comes back online, or the server back up.
  let offline = 0;
  let down = 0;
  const promisesToMove = [];
  const made = Object.fromEntries(Object.keys(ACTIONS).map((kind) => [kind, 0]));
  for (let number = 1; number <= count; number++) {
    let after = null;
    if (offline === 0 && down === 0 && random() < FAULT_CHANCE) {
      const possible = FAULTS.filter(
        (fault) => (fault !== 'close-tab' || tabs > 1) && (fault !== 'open-tab' || tabs < MOST_TABS),
      );
      const fault = pick(possible);
      const lasting = 1 + Math.floor(random() * 3);
      if (fault === 'offline') offline = lasting;
      if (fault === 'kill-server') down = lasting;
      if (fault === 'open-tab') tabs += 1;
      if (fault === 'reload' || fault === 'close-tab') {
        // Right after the action is saved, while its push is under way.
        after = fault;
      } else if (PROXY_FAULTS.includes(fault)) {
        steps.push({ fault, requests: lasting });
      } else {
        steps.push({ fault });
      }
    }
    let action = pick(weighted);
    // A promise is moved once the backend has it, which needs a connection.
    while (action === 'promise-move' && (promisesToMove.length === 0 || offline > 0 || down > 0)) {
      action = pick(weighted);
    }
    made[action] += 1;
    const step = { action, number, tab: Math.floor(random() * tabs), ordinal: made[action] };
    if (action === 'dispute') step.photo = random() < 0.4;
    if (action === 'message') step.conversation = 1 + Math.floor(random() * CONVERSATIONS);
    if (action === 'feedback') step.score = 1 + Math.floor(random() * 5);
    if (action === 'promise') promisesToMove.push(made.promise);
    if (action === 'promise-move') {
      step.promise = promisesToMove.splice(Math.floor(random() * promisesToMove.length), 1)[0];
    }
    if (after) step.then = after;
    steps.push(step);
    if (after === 'close-tab') tabs -= 1;
    if (offline > 0 && --offline === 0) steps.push({ fault: 'online' });
    if (down > 0 && --down === 0) steps.push({ fault: 'restart-server' });
  }
  return { steps, made };
}

/** One step in a line, for the printed schedule. */
export function describeStep(step) {
  if (step.fault) return step.requests ? `${step.fault} x${step.requests}` : step.fault;
  const extra = [
    step.photo ? 'with a photo' : '',
    step.conversation ? `on conversation ${step.conversation}` : '',
    step.promise ? `of promise ${step.promise}` : '',
    step.then ? `then ${step.then}` : '',
  ].filter(Boolean);
  return `#${step.number} ${step.action} in tab ${step.tab + 1}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}
