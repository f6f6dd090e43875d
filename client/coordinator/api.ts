/** The coordinator screens' failures in the user's language; the HTTP client is shared with the admin screens. */
import { ApiFailure } from '../staff/http';
import { t } from './i18n';

export { ApiFailure, api, whenUnauthenticated } from '../staff/http';

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
    case 'not_found':
      return t('err_not_found');
    default:
      return t('err_other', { detail: e.serverMessage });
  }
}
