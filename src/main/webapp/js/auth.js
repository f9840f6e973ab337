// Who is logged in. The bearer token every API call and the live connection carry is kept in this
// tab's sessionStorage: a reload stays logged in, closing the tab forgets it. Without a token, or
// when the server says it no longer holds, the login dialog opens over the page, so whatever was
// being typed stays where it was.
import { h } from './dom.js';

const KEY = 'vibegrapher.token';
const ROLES = ['viewer', 'editor', 'reviewer', 'admin'];

class Auth extends EventTarget {
  constructor() {
    super();
    this.caller = null;
    this.dialog = null;
  }

  /**
   * A login link (#token=...) hands its token over once and leaves the address bar. It never
   * replaces a login in progress: a link someone else sent must not sign this person in as them.
   */
  takeTokenFromLink() {
    const match = location.hash.match(/^#token=([^&]+)/);
    if (!match) return;
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    if (!this.token()) sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
  }

  token() {
    return sessionStorage.getItem(KEY);
  }

  /** Checks the stored token with the server; opens the login when there is none or it fails. */
  async start() {
    if (this.token() && await this.identify(this.token())) return true;
    this.requireLogin();
    return false;
  }

  async identify(token) {
    let response;
    try {
      response = await fetch('api/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${token}` } });
    } catch (unreachable) {
      return false;
    }
    if (!response.ok) return false;
    sessionStorage.setItem(KEY, token);
    this.caller = await response.json();
    this.showCaller();
    this.dispatchEvent(new Event('login'));
    return true;
  }

  /** The server refused the token (expired, revoked): log in again, over the page as it is. */
  expired() {
    sessionStorage.removeItem(KEY);
    this.caller = null;
    this.showCaller();
    this.requireLogin('Your login has expired or was revoked. Log in again; what you typed is kept.');
  }

  logout() {
    sessionStorage.removeItem(KEY);
    this.caller = null;
    this.showCaller();
    this.dispatchEvent(new Event('logout'));
    this.requireLogin();
  }

  /** Whether the caller's role includes the one named. */
  may(role) {
    return this.caller !== null && ROLES.indexOf(this.caller.role) >= ROLES.indexOf(role);
  }

  showCaller() {
    const who = document.getElementById('who');
    const logout = document.getElementById('logout');
    // Controls marked data-needs="role" are hidden by the stylesheet unless the body says the role is held.
    ROLES.forEach((role) => document.body.classList.toggle(`may-${role}`, this.may(role)));
    if (who) who.textContent = this.caller ? `${this.caller.name} (${this.caller.role})` : '';
    if (logout) logout.hidden = !this.caller;
  }

  requireLogin(notice = '') {
    if (this.dialog?.open) {
      this.dialog.querySelector('.login-notice').textContent = notice;
      return;
    }
    const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, 'aria-label': 'Access token', placeholder: 'vgp_… or a token from your identity provider' });
    const error = h('p.login-error', { role: 'alert' });
    const form = h('form.login', { method: 'dialog', onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      if (await this.identify(input.value.trim())) {
        this.dialog.close();
        this.dialog.remove();
        this.dialog = null;
      } else {
        error.textContent = 'That token was not accepted. Check it, or ask an admin for a new one.';
      }
    } },
    h('h2', {}, 'Log in to Vibegrapher'),
    h('p.login-notice', {}, notice),
    h('p', {}, 'Paste an access token: the one the server printed on its first start, or one an admin made for you.'),
    input, error,
    h('div.actions', {}, h('button.button.primary', { type: 'submit' }, 'Log in')));
    this.dialog = h('dialog.login-dialog', { 'aria-label': 'Log in' }, form);
    // Escape would leave the page without a login; the dialog stays until one succeeds.
    this.dialog.addEventListener('cancel', (event) => event.preventDefault());
    document.body.append(this.dialog);
    this.dialog.showModal();
    input.focus();
  }
}

export const auth = new Auth();
