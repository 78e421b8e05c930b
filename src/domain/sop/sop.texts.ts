// The text checks of an SOP definition: every key it shows resolves, and its own `messages` stay
// inside its own namespace. Part of validateSop (sop.validate.ts).
import type { SopDefinition } from './sop.schema';

type Err = (path: string, message: string) => void;

/**
 * A card's `messages` define only its own texts, under its own id ("chest-ct-site.title"): never a
 * built-in text (it would replace what every other card shows) nor another card's.
 */
export function checkOwnMessages(sop: SopDefinition, builtIn: (key: string) => boolean, err: Err): void {
  for (const [lng, messages] of Object.entries(sop.messages ?? {}))
    for (const key of Object.keys(messages)) {
      const path = `messages.${lng}["${key}"]`;
      if (!key.startsWith(`${sop.id}.`))
        err(path, `a card may only define its own texts: keys must start with "${sop.id}."`);
      else if (builtIn(key)) err(path, 'is a built-in text: a card may not redefine it');
    }
}

export function checkTexts(sop: SopDefinition, hasText: (key: string) => boolean, err: Err): void {
  const own = new Set(Object.values(sop.messages ?? {}).flatMap((m) => Object.keys(m)));
  const check = (path: string, key: string | undefined) => {
    if (key !== undefined && !own.has(key) && !hasText(key)) err(path, `text key "${key}" has no text`);
  };
  check('title', sop.title);
  check('description', sop.description);
  sop.steps.forEach((s, si) => {
    const p = `steps[${si}] (${s.id})`;
    check(`${p}.title`, s.title);
    check(`${p}.body`, s.body);
    s.items.forEach((item, ii) => {
      check(`${p}.items[${ii}].label`, item.label);
      check(`${p}.items[${ii}].hint`, item.hint);
      if (item.kind === 'choice')
        item.options.forEach((o, oi) => check(`${p}.items[${ii}].options[${oi}].label`, o.label));
    });
  });
}
