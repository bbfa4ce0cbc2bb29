/**
 * What a failed e-mail's error means, in Russian, for the people told about it: a short
 * explanation of the job error's code (`unreachable: SMTP server unreachable: …`, see
 * src/connectors/mail/smtp-errors.ts), with the technical reason after it for whoever
 * fixes the mail server.
 */

const EXPLANATIONS: Readonly<Record<string, string>> = {
  unreachable: 'Почтовый сервер недоступен. Проверьте адрес и порт SMTP в настройках или доступность сервера.',
  timeout: 'Почтовый сервер не ответил вовремя.',
  auth: 'Почтовый сервер не принял логин или пароль. Проверьте настройки SMTP.',
  tls: 'Не удалось установить защищённое соединение с почтовым сервером. Проверьте настройку шифрования SMTP.',
  smtp_rejected: 'Почтовый сервер отказался принять письмо (например, адрес получателя не существует).',
  smtp_transient: 'Почтовый сервер временно не принимает письма.',
  bad_input: 'В письме не хватает данных или адрес получателя неверен.',
  bad_config: 'Настройки почты неполные или неверные.',
  template_incomplete: 'В шаблоне письма не хватает вложения.',
  aborted: 'Отправка была прервана.',
  LEASE_EXPIRED: 'Отправка прервалась: обработчик заданий остановился во время отправки.',
};

const FALLBACK = 'Письмо не удалось отправить.';

/**
 * The code of a failed job's error: a job's own («unreachable: …») or an incident's («the
 * job of 'x' failed with no retries left: unreachable: …»). The web UI explains by it too.
 */
export function failureCode(message: string | null | undefined): string | undefined {
  const raw = (message ?? '').trim();
  return (/no retries left: ([A-Za-z_]+):/.exec(raw) ?? /^([A-Za-z_]+):/.exec(raw))?.[1];
}

/** «Почтовый сервер недоступен… Техническая причина: unreachable: …». */
export function explainMailFailure(message: string | null | undefined): string {
  const raw = (message ?? '').trim();
  const code = failureCode(raw);
  const explanation = (code && EXPLANATIONS[code]) || FALLBACK;
  return raw ? `${explanation}\nТехническая причина: ${raw}` : explanation;
}
