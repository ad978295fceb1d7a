import { SettingType, type ISetting } from '@plugboard/apps-engine';
import { escapeHtml } from '../../html/escape.ts';
import { liveForm } from './forms.ts';
import { pageFields, type ConsoleView } from './view.ts';

function display(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * One input per setting. A PASSWORD setting's value is never sent to the browser (the host hands
 * the console a mask, and even that is not echoed): an empty field means "keep it".
 */
function input(setting: ISetting): string {
  const name = `setting:${setting.id}`;
  const id = `s-${setting.id}`;
  const current = setting.value ?? setting.packageValue;
  switch (setting.type) {
    case SettingType.PASSWORD: {
      const placeholder = setting.value === undefined ? 'not set' : 'set (hidden); type to replace';
      return `<input type="password" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="" placeholder="${placeholder}" autocomplete="new-password">`;
    }
    case SettingType.BOOLEAN:
      return `<input type="hidden" name="${escapeHtml(`present:${setting.id}`)}" value="1"><input type="checkbox" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="true"${current === true ? ' checked' : ''}>`;
    case SettingType.NUMBER:
      return `<input type="number" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="${escapeHtml(display(current))}">`;
    case SettingType.SELECT: {
      const options = (setting.values ?? [])
        .map((v) => `<option value="${escapeHtml(v.key)}"${v.key === current ? ' selected' : ''}>${escapeHtml(v.i18nLabel)}</option>`)
        .join('');
      return `<select id="${escapeHtml(id)}" name="${escapeHtml(name)}">${options}</select>`;
    }
    case SettingType.CODE:
      return `<textarea id="${escapeHtml(id)}" name="${escapeHtml(name)}" rows="4">${escapeHtml(display(current))}</textarea>`;
    default:
      return `<input type="text" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="${escapeHtml(display(current))}" autocomplete="off">`;
  }
}

export function renderSettings(view: ConsoleView): string {
  const visible = view.settings.filter((s) => s.hidden !== true);
  if (visible.length === 0) return '<h2>App settings</h2><p class="muted">The app has no settings.</p>';
  const fields = visible
    .map(
      (s) => `<label for="${escapeHtml(`s-${s.id}`)}">${escapeHtml(s.i18nLabel || s.id)} <span class="muted">${escapeHtml(s.id)}</span></label>${input(s)}`,
    )
    .join('\n');
  return `<h2>App settings</h2>${liveForm('/settings', pageFields(view), `${fields}<p><button type="submit" class="btn">Save settings</button></p>`, ' class="settings"')}`;
}
