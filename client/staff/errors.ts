/** A failure of a staff request as a sentence in the user's language (the server's English detail where it names a field). */
import { ApiFailure } from './http';
import { t } from './i18n';

export function describe(e: unknown): string {
  if (!(e instanceof ApiFailure)) return t('err_other', { detail: String(e) });
  switch (e.code) {
    case 'network':
      return t('err_network');
    case 'invalid_credentials':
      return t('err_invalid_credentials');
    case 'too_many_attempts':
      return t('err_too_many_attempts', { minutes: Math.max(1, Math.ceil((e.retryAfter ?? 900) / 60)) });
    case 'forbidden':
      return t('err_forbidden');
    case 'csrf':
      return t('err_csrf');
    case 'exists':
    case 'email_taken':
      return t('err_exists', { detail: e.serverMessage });
    case 'in_use':
      return `${t('err_in_use')} (${e.serverMessage})`;
    case 'last_admin':
      return t('err_last_admin');
    case 'self':
      return t('err_self');
    case 'bad_request':
    case 'import_invalid':
      return t('err_bad_request', { detail: e.serverMessage });
    case 'not_found':
      return t('err_not_found');
    case 'setup_used':
      return t('setupUsed');
    case 'session_expired':
      return t('sessionExpired');
    default:
      return t('err_other', { detail: e.serverMessage });
  }
}
