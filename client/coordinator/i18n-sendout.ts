/**
 * Strings of the coordinators' view of the weekly send-out by e-mail: status per published
 * version, resending failures, and the preview from the draft. Part of the coordinator
 * dictionary (i18n.ts).
 */
export const sendoutSv = {
  so_title: 'E-postutskick',
  so_off: 'E-postutskicket är avstängt på den här servern (SMTP_URL och MAIL_FROM saknas): publicerade lägesbilder skickas inte med e-post.',
  so_none: 'Inga utskick ännu.',
  so_version: 'Version',
  so_sent: 'Skickade',
  so_waiting: 'Väntar',
  so_failed: 'Misslyckade',
  so_skipped: 'Inte skickade',
  so_problems: 'Varför',
  so_resend: 'Skicka misslyckade igen',
  so_resent: '{n} meddelanden skickas igen.',
  so_preview: 'Förhandsgranska e-postutskicket',
  so_previewHide: 'Dölj förhandsgranskningen',
  so_previewTitle: 'Så här ser e-postmeddelandet ut (senast sparade utkast)',
  so_subject: 'Ämne',
  so_recipients: 'Går till {n} mottagare när lägesbilden publiceras.',
  so_previewOff: 'E-postutskicket är avstängt: meddelandet skickas inte.',
};

export const sendoutEn: Record<keyof typeof sendoutSv, string> = {
  so_title: 'E-mail send-out',
  so_off: 'The e-mail send-out is off on this server (SMTP_URL and MAIL_FROM are not set): published pictures are not e-mailed.',
  so_none: 'Nothing sent yet.',
  so_version: 'Version',
  so_sent: 'Sent',
  so_waiting: 'Waiting',
  so_failed: 'Failed',
  so_skipped: 'Not sent',
  so_problems: 'Why',
  so_resend: 'Send the failed ones again',
  so_resent: '{n} messages are being sent again.',
  so_preview: 'Preview the e-mail',
  so_previewHide: 'Hide the preview',
  so_previewTitle: 'The e-mail as it will look (last saved draft)',
  so_subject: 'Subject',
  so_recipients: 'Goes to {n} recipients when the picture is published.',
  so_previewOff: 'The e-mail send-out is off: the message will not be sent.',
};
