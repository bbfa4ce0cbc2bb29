/** Russian by default; English on request, remembered in localStorage. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

const ru = {
  app: 'Поток',
  demo: 'Демо-режим: данные ненастоящие, пароль всех пользователей — demo',
  nav: { tasks: 'Мои задачи', board: 'Сделки', newDeal: 'Новая сделка', funnel: 'Воронка', admin: 'Администрирование', logout: 'Выйти' },
  lang: 'English',
  loading: 'Загрузка…',
  error: 'Ошибка',
  save: 'Сохранить',
  cancel: 'Отмена',
  close: 'Закрыть',
  search: 'Поиск',
  all: 'Все',
  none: '—',
  login: { title: 'Вход', login: 'Логин', password: 'Пароль', submit: 'Войти', failed: 'Неверный логин или пароль' },
  setup: {
    title: 'Первый запуск',
    intro: 'Пользователей ещё нет. Создайте администратора. Одноразовый код напечатан в журнале сервера (строка «setup token»).',
    token: 'Одноразовый код из журнала сервера',
    name: 'Имя',
    email: 'E-mail',
    submit: 'Создать администратора',
  },
  roles: { admin: 'Администратор', manager: 'Менеджер', sales_rep: 'Торговый представитель', lawyer: 'Юрист', director: 'Директор' },
  stages: {
    new: 'Новая', first_call: 'Первый звонок', considering: 'Рассмотрение', meeting: 'Встреча', premises: 'Поиск помещения',
    documents: 'Документы', legal_review: 'Юр. проверка', onboarding: 'Заведение в 1С', won: 'Успешно', lost: 'Провалена',
  },
  lostReasons: { declined: 'Отказ клиента', banned: 'Запрет на работу', cancelled: 'Отменена' },
  tasks: {
    title: 'Мои задачи', group: 'Задачи моей группы', empty: 'Задач нет', due: 'Срок', overdue: 'Просрочена', planned: 'Начало',
    take: 'Взять', open: 'Открыть', call: 'Позвонить', kinds: { call: 'Звонок', meeting: 'Встреча', email: 'Письмо', todo: 'Задача', approval: 'Согласование' },
  },
  task: {
    complete: 'Завершить задачу', done: 'Задача завершена', facts: 'Сделка', reschedule: 'Перенести встречу', start: 'Начало', end: 'Окончание', place: 'Место',
    rescheduled: 'Встреча перенесена', notMine: 'Задача закрыта или недоступна', fixErrors: 'Исправьте поля, отмеченные красным', back: 'К задачам',
  },
  bannedInn: {
    title: 'ИНН {{inn}} в списке запрета на работу', field: 'ИНН в списке запрета на работу — см. предупреждение ниже', since: 'запрет от {{date}}', deal: 'сделка №{{number}}', comment: 'комментарий юриста: {{comment}}',
    explain: 'Юрист запретил работу с этим клиентом. Проверьте ИНН. Если он верный, отправьте документы юристу с подтверждением — юрист увидит предупреждение, в истории сделки это будет отмечено.',
    confirm: 'Я видел(а) предупреждение — отправить юристу',
  },
  doc: { link: 'Ссылка', file: 'Файл', linkPlaceholder: 'https://disk.yandex.ru/…', choose: 'Выбрать файл или снять', uploading: 'Загрузка…', uploaded: 'Загружен', open: 'Открыть', replace: 'Заменить' },
  board: { title: 'Сделки', rep: 'Представитель', stage: 'Стадия', overdue: 'Только просроченные', next: 'Следующая задача', noTask: 'нет задач', total: 'всего', showMore: 'Показать ещё (показано {{shown}} из {{total}})' },
  deal: {
    title: 'Сделка', fields: 'Поля', contact: 'Контакт', requisites: 'Реквизиты', documents: 'Документы', timeline: 'История', diagram: 'Процесс',
    tasks: 'Задачи', cancel: 'Отменить сделку', cancelReason: 'Причина отмены', cancelled: 'Сделка отменена', owner: 'Ответственный', rep: 'Представитель',
    city: 'Город', source: 'Источник', comment: 'Комментарий', phone: 'Телефон', email: 'E-mail', contactName: 'Контактное лицо', name: 'Клиент',
    clientType: 'Тип клиента', premises: 'Адрес помещения', onecRef: 'Код в 1С', lost: 'Причина проигрыша', noDocs: 'Документов пока нет', preview: 'Просмотр', download: 'Скачать',
    created: 'Создана', stage: 'Стадия', addComment: 'Комментарий', send: 'Добавить', reassign: 'Передать', changeRep: 'Сменить представителя',
    systemActor: 'Поток (автоматически)',
  },
  newDeal: { title: 'Новая сделка', submit: 'Создать сделку', created: 'Сделка создана' },
  funnel: {
    title: 'Воронка продаж', from: 'С', to: 'По', rep: 'Представитель', reaching: 'Сделок дошло до стадии', conversion: 'Конверсия', median: 'Медиана, рабочих дней',
    outcomes: 'Итоги', won: 'Успешно', lost: 'Провалено', overdue: 'Просроченные задачи по сотрудникам', deals: 'Сделок', samples: 'замеров',
  },
  docSets: {
    title: 'Документы',
    intro: 'Документы, которые ТП собирает у клиента, для каждого типа клиента. Изменения действуют для задач «Загрузить документы», созданных после сохранения; открытые задачи остаются с прежним списком.',
    sourceAdmin: 'Изменено администратором {{who}}, {{when}}',
    sourceShipped: 'Стандартный набор (поставляется с Потоком)',
    types: { ip: 'ИП', ooo: 'ООО' },
    label: 'Название документа',
    key: 'Ключ',
    keyHint: 'Латинские строчные буквы, цифры и «_»; подставляется из названия',
    keyFixed: 'Ключ сохранённого документа не меняется: под ним хранятся документы сделок',
    description: 'Подсказка (необязательно)',
    up: 'Выше',
    down: 'Ниже',
    remove: 'Удалить',
    add: 'Добавить документ',
    allRequired: 'Все документы обязательны: ТП даёт ссылку на облачное хранилище или загружает файл.',
    saved: 'Сохранено. Новые задачи получат этот список.',
    reset: 'Вернуть стандартный набор',
    resetConfirm: 'Вернуть стандартные наборы документов? Изменения администратора будут отменены для новых задач.',
    resetDone: 'Стандартный набор восстановлен.',
  },
  admin: {
    title: 'Администрирование', users: 'Пользователи', models: 'Модели процессов', incidents: 'Инциденты', banned: 'Запрещённые ИНН', gaps: 'Ещё нет в API',
    addUser: 'Добавить пользователя', login: 'Логин', name: 'Имя', role: 'Роль', active: 'Активен', gd: 'Ген. директор', password: 'Пароль', setPassword: 'Сменить пароль',
    version: 'Версия', deployedAt: 'Развёрнута', isDefault: 'Для новых сделок', open: 'Открыть в редакторе', upload: 'Загрузить .bpmn', deploy: 'Развернуть новую версию',
    deployed: 'Развёрнута новая версия',
    deployConfirm: 'Развернуть модель процесса «{{name}}» как версию {{version}}? Новые сделки будут начинаться на ней; идущие сделки останутся на своих версиях. Если модель не изменилась, новая версия не создаётся.',
    deployUnchanged: 'Модель не изменилась — новая версия не создана ({{versions}})',
    problems: 'Модель не развёрнута. Проблемы:', instances: 'Сделки на этой версии', retry: 'Повторить', noIncidents: 'Инцидентов нет',
    deactivate: 'Отключить', activate: 'Включить',
    openDealsWarning: '{{login}} отключён(а), но остаётся представителем в открытых сделках ({{count}}); задачи по ним не переданы. Смените представителя на карточке каждой сделки:', openDealsDismiss: 'Понятно',
    startsHere: 'Новые сделки начинаются здесь', makeDefault: 'Новые сделки — на эту версию', makeDefaultAria: 'Новые сделки — на эту версию, версия {{version}}',
    chosenBy: 'выбрал(а) {{who}}, {{at}}', chosenByRule: 'по правилу: последняя версия из поставки Potok',
    chooseConfirm: 'Новые сделки процесса «{{name}}» будут начинаться на версии {{version}} (сейчас — версия {{current}}). Идущие сделки останутся на своих версиях. Обновления Potok при следующих запусках этот выбор не изменят. Продолжить?',
    chosen: 'Новые сделки процесса «{{name}}» теперь начинаются на версии {{version}}', chooseFailed: 'Версия не выбрана',
    versionGone: 'такой версии или процесса на сервере нет — обновите страницу', versionOfOther: 'это версия другого процесса',
    versionsHelp: 'Каждая сделка идёт по той версии, на которой началась. Для новых сделок используется отмеченная версия: та, которую выбрал или развернул администратор, а если её нет — последняя версия из поставки Potok.',
    versionN: 'v{{version}}', source: { shipped: 'поставка', admin: 'администратор' }, nowDefault: 'новые сделки начинаются на ней',
    gapList: 'Кнопка «Проверить соединение» для SMTP и 1С: в API пока нет такого метода.',
  },
  notes: { title: 'Уведомления', unread: 'непрочитанных: {{count}}', empty: 'Уведомлений нет', readAll: 'Прочитать все' },
  taskStatus: { open: 'открыта', completed: 'выполнена', cancelled: 'отменена' },
  decisions: { approve: 'Утверждаю', approve_return: 'Утверждаю с возвратом', approve_more_docs: 'Утверждаю с добором документов', ban: 'Запрет на работу' },
  settings: {
    templates: 'Шаблоны писем', subject: 'Тема', text: 'Текст', preview: 'Предпросмотр', saved: 'Сохранено', test: 'Проверить соединение', testOk: 'Соединение работает', testFailed: 'Соединение не работает', calendar: 'Производственный календарь',
    imported: 'Импортирован', shipped: 'Встроенные данные', noYearData: 'Нет данных производственного календаря за {{year}} год: выходными считаются только субботы и воскресенья. Импортируйте календарь года (xmlcalendar).', remove: 'Удалить', addCorrection: 'Исправить день', date: 'Дата', kind: 'Тип дня', note: 'Примечание',
    import: 'Импорт xmlcalendar (.xml)', daysOff: 'выходных', shortened: 'сокращённых', workingWeekend: 'рабочих выходных',
    kinds: { off: 'Выходной', shortened: 'Сокращённый', working: 'Рабочий' }, smtp: 'Почта (SMTP)', onec: '1С (OData)', emails: 'Отправленные письма', retryEmail: 'Повторить',
    fields: {
      smtp: { host: 'SMTP-сервер', port: 'Порт', security: 'Защита соединения', user: 'Пользователь', password: 'Пароль', from: 'Отправитель' },
      onec: { url: 'Адрес публикации 1С (OData)', user: 'Пользователь 1С', password: 'Пароль', counterpartyGroupRef: 'Группа контрагентов (Ref_Key)' },
    },
    hints: {
      smtp: { host: 'Например, smtp.yandex.ru', port: '465 — TLS, 587 — STARTTLS, 25 — без шифрования', from: 'Адрес компании, например: ООО «Пиво» <info@example.ru>', password: 'Пустое поле — пароль не меняется' },
      onec: { url: 'Например, http://1c.example.local/buh', password: 'Пустое поле — пароль не меняется', counterpartyGroupRef: 'Необязательно: GUID группы, куда заводить новых контрагентов' },
    },
    security: { tls: 'TLS (порт 465)', starttls: 'STARTTLS (порт 587)', none: 'Без шифрования' },
    emailStatus: { ready: 'В очереди', running: 'Отправляется', completed: 'Отправлено', failed: 'Ошибка', cancelled: 'Отменено', not_configured: 'Не отправлено: почта не настроена' },
    mailError: {
      unreachable: 'почтовый сервер недоступен (адрес, порт или сеть)', timeout: 'почтовый сервер не ответил вовремя', auth: 'сервер не принял логин или пароль',
      tls: 'не удалось защищённое соединение (шифрование)', smtp_rejected: 'сервер отказался принять письмо', smtp_transient: 'сервер временно не принимает письма',
      bad_input: 'в письме не хватает данных или адрес неверен', bad_config: 'настройки почты неполные или неверные', template_incomplete: 'в шаблоне не хватает вложения',
      aborted: 'отправка прервана', LEASE_EXPIRED: 'отправка прервалась: обработчик остановился', other: 'письмо не удалось отправить',
    },
    line: 'строка {{n}}',
  },
  company: {
    workday: 'Рабочий день', workdayStart: 'Начало', workdayEnd: 'Окончание', reset: 'Вернуть по умолчанию',
    workdayHelp: 'Новые сроки и таймеры считаются по этим часам сразу после сохранения; уже назначенные сроки не меняются. В сокращённый день работа заканчивается на час раньше.',
    fromAdmin: 'задано администратором{{who}}', fromDefault: 'по умолчанию ({{start}}–{{end}})',
    process: 'Настройки процесса', recallDelayDays: 'Перезвонить через, рабочих дней', recallHelp: 'Блок 4: если помещение не найдено, следующий звонок — в начале рабочего дня через столько рабочих дней (1–60, по умолчанию {{def}}). Действует для звонков, отмеченных после сохранения.',
  },
  tplFiles: {
    title: 'Вложения', uploaded: 'Загружен файл', missing: 'Файл не загружен: письмо по этому шаблону не будет отправлено, пока файл не загрузят',
    upload: 'Загрузить файл', replace: 'Заменить файл', uploading: 'Загрузка…', remove: 'Удалить файл', confirmRemove: 'Удалить файл? Письма по шаблону перестанут отправляться, пока не загрузят новый.',
    hint: 'PDF, PowerPoint, Word, Excel, изображения, zip или текст. Клиент получит файл под именем вложения.',
    warning: 'Шаблон «{{template}}»: не загружен файл {{files}}. Письмо с презентацией не будет отправлено, пока файл не загрузят (откройте шаблон ниже).',
  },
  diagram: { loading: 'Загрузка схемы…', unavailable: 'Схема процесса недоступна' },
  timeline: {
    deal_created: 'Сделка создана', stage_changed: 'Стадия изменена', task_created: 'Задача создана', task_completed: 'Задача выполнена', task_cancelled: 'Задача отменена',
    task_claimed: 'Задача взята', task_unclaimed: 'Задача возвращена группе', task_reassigned: 'Задача передана', sales_rep_changed: 'Сменён представитель',
    meeting_rescheduled: 'Встреча перенесена', legal_decision: 'Решение юриста', document_uploaded: 'Загружен документ', deal_won: 'Сделка успешна', deal_lost: 'Сделка провалена',
    comment: 'Комментарий', legal_claim: 'Замечания юриста', banned_inn_confirmed: 'Отправлено с ИНН из списка запрета', email_sent: 'Отправлено письмо', email_not_sent: 'Письмо не отправлено', onec_created: 'Контрагент создан в 1С', incident: 'Инцидент', field_changed: 'Изменено поле', deal_cancelled: 'Сделка отменена',
  },
};

type Dict = { [k: string]: string | Dict };
const en: Dict = {
  app: 'Potok',
  demo: 'Demo mode: the data is not real, every password is "demo"',
  nav: { tasks: 'My tasks', board: 'Deals', newDeal: 'New deal', funnel: 'Funnel', admin: 'Admin', logout: 'Log out' },
  lang: 'Русский',
  loading: 'Loading…',
  error: 'Error',
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  search: 'Search',
  all: 'All',
  none: '—',
  login: { title: 'Log in', login: 'Login', password: 'Password', submit: 'Log in', failed: 'Wrong login or password' },
  setup: {
    title: 'First start',
    intro: 'There are no users yet. Create the administrator. The one-time token is printed in the server log ("setup token").',
    token: 'One-time token from the server log',
    name: 'Name',
    email: 'E-mail',
    submit: 'Create the administrator',
  },
  roles: { admin: 'Administrator', manager: 'Manager', sales_rep: 'Sales rep', lawyer: 'Lawyer', director: 'Director' },
  stages: {
    new: 'New', first_call: 'First call', considering: 'Considering', meeting: 'Meeting', premises: 'Premises',
    documents: 'Documents', legal_review: 'Legal review', onboarding: 'Onboarding (1C)', won: 'Won', lost: 'Lost',
  },
  lostReasons: { declined: 'Declined', banned: 'Banned', cancelled: 'Cancelled' },
  tasks: {
    title: 'My tasks', group: 'Tasks of my group', empty: 'No tasks', due: 'Due', overdue: 'Overdue', planned: 'Starts',
    take: 'Take', open: 'Open', call: 'Call', kinds: { call: 'Call', meeting: 'Meeting', email: 'E-mail', todo: 'To do', approval: 'Approval' },
  },
  task: {
    complete: 'Complete the task', done: 'Task completed', facts: 'Deal', reschedule: 'Reschedule the meeting', start: 'Start', end: 'End', place: 'Place',
    rescheduled: 'Meeting rescheduled', notMine: 'The task is closed or not available', fixErrors: 'Fix the fields marked red', back: 'Back to tasks',
  },
  bannedInn: {
    title: 'ИНН {{inn}} is on the banned list', field: 'This ИНН is on the banned list — see the warning below', since: 'banned on {{date}}', deal: 'deal №{{number}}', comment: "lawyer's comment: {{comment}}",
    explain: "The lawyer banned work with this client. Check the ИНН. If it is right, send the documents to the lawyer with your confirmation — the lawyer sees the warning and the deal's history records it.",
    confirm: 'I have seen the warning — send to the lawyer',
  },
  doc: { link: 'Link', file: 'File', linkPlaceholder: 'https://disk.yandex.ru/…', choose: 'Choose a file or take a photo', uploading: 'Uploading…', uploaded: 'Uploaded', open: 'Open', replace: 'Replace' },
  board: { title: 'Deals', rep: 'Sales rep', stage: 'Stage', overdue: 'Overdue only', next: 'Next task', noTask: 'no tasks', total: 'total', showMore: 'Show more ({{shown}} of {{total}} shown)' },
  deal: {
    title: 'Deal', fields: 'Fields', contact: 'Contact', requisites: 'Requisites', documents: 'Documents', timeline: 'Timeline', diagram: 'Process',
    tasks: 'Tasks', cancel: 'Cancel the deal', cancelReason: 'Reason', cancelled: 'Deal cancelled', owner: 'Owner', rep: 'Sales rep',
    city: 'City', source: 'Source', comment: 'Comment', phone: 'Phone', email: 'E-mail', contactName: 'Contact person', name: 'Client',
    clientType: 'Client type', premises: 'Premises address', onecRef: '1C reference', lost: 'Lost reason', noDocs: 'No documents yet', preview: 'Preview', download: 'Download',
    created: 'Created', stage: 'Stage', addComment: 'Comment', send: 'Add', reassign: 'Give to', changeRep: 'Change the sales rep',
    systemActor: 'Potok (automatic)',
  },
  newDeal: { title: 'New deal', submit: 'Create the deal', created: 'Deal created' },
  funnel: {
    title: 'Sales funnel', from: 'From', to: 'To', rep: 'Sales rep', reaching: 'Deals reaching each stage', conversion: 'Conversion', median: 'Median, working days',
    outcomes: 'Outcomes', won: 'Won', lost: 'Lost', overdue: 'Overdue tasks per person', deals: 'Deals', samples: 'samples',
  },
  docSets: {
    title: 'Documents',
    intro: 'The documents the sales rep collects from the client, per client type. A change applies to "Upload the documents" tasks created after saving; open tasks keep their list.',
    sourceAdmin: 'Changed by the admin {{who}}, {{when}}',
    sourceShipped: 'The default sets (shipped with Potok)',
    types: { ip: 'Sole proprietor (ИП)', ooo: 'LLC (ООО)' },
    label: 'Document title (in Russian)',
    key: 'Key',
    keyHint: 'Latin lower-case letters, digits and "_"; suggested from the title',
    keyFixed: "A saved document's key cannot change: deals keep their documents under it",
    description: 'Hint (optional)',
    up: 'Up',
    down: 'Down',
    remove: 'Remove',
    add: 'Add a document',
    allRequired: 'Every document is required: the rep gives a link to a cloud store or uploads a file.',
    saved: 'Saved. New tasks will get this list.',
    reset: 'Back to the default sets',
    resetConfirm: "Go back to the default document sets? The admin's changes stop applying to new tasks.",
    resetDone: 'The default sets are back.',
  },
  admin: {
    title: 'Administration', users: 'Users', models: 'Process models', incidents: 'Incidents', banned: 'Banned ИНН', gaps: 'Not in the API yet',
    addUser: 'Add a user', login: 'Login', name: 'Name', role: 'Role', active: 'Active', gd: 'General director', password: 'Password', setPassword: 'Set password',
    version: 'Version', deployedAt: 'Deployed', isDefault: 'For new deals', open: 'Open in the modeler', upload: 'Upload .bpmn', deploy: 'Deploy a new version',
    deployed: 'A new version is deployed',
    deployConfirm: 'Deploy the model of «{{name}}» as version {{version}}? New deals will start on it; running deals stay on their versions. If the model has not changed, no new version is created.',
    deployUnchanged: 'The model has not changed — no new version was created ({{versions}})',
    problems: 'The model was not deployed. Problems:', instances: 'Deals on this version', retry: 'Retry', noIncidents: 'No incidents',
    deactivate: 'Deactivate', activate: 'Activate',
    openDealsWarning: '{{login}} is deactivated but is still the sales rep of open deals ({{count}}); their tasks were not handed over. Change the rep on each deal\'s card:', openDealsDismiss: 'Got it',
    startsHere: 'New deals start here', makeDefault: 'Start new deals on this version', makeDefaultAria: 'Start new deals on this version, version {{version}}',
    chosenBy: 'chosen by {{who}}, {{at}}', chosenByRule: 'by the rule: the latest version shipped with Potok',
    chooseConfirm: 'New deals of «{{name}}» will start on version {{version}} (now version {{current}}). Running deals stay on their versions. Potok updates at later starts will not change this choice. Continue?',
    chosen: 'New deals of «{{name}}» now start on version {{version}}', chooseFailed: 'The version was not chosen',
    versionGone: 'the server has no such version or process — reload the page', versionOfOther: 'it is a version of another process',
    versionsHelp: 'Every deal runs on the version it started on. New deals use the marked version: the one an admin chose or deployed, or else the latest version shipped with Potok.',
    versionN: 'v{{version}}', source: { shipped: 'shipped', admin: 'admin' }, nowDefault: 'new deals start on it',
    gapList: 'The "test connection" button for SMTP and 1C: the API has no such route yet.',
  },
  notes: { title: 'Notifications', unread: '{{count}} unread', empty: 'No notifications', readAll: 'Mark all read' },
  taskStatus: { open: 'open', completed: 'completed', cancelled: 'cancelled' },
  taskTitles: {
    assign_rep: 'Assign a sales rep', first_call: 'Call the new client', decision_call: "Call the client about their decision", meeting: 'Commercial offer meeting',
    premises_call: 'Ask about the premises search', client_type: 'Choose the client type', upload_documents: 'Upload the documents', legal_review: 'Review the documents',
    legal_claim: 'Additions to the documents', supplement_documents: 'Supplement the documents', enter_into_1c: 'Enter the client into 1C',
  },
  decisions: { approve: 'Approve', approve_return: 'Approve with return', approve_more_docs: 'Approve with more documents', ban: 'Ban' },
  settings: {
    templates: 'E-mail templates', subject: 'Subject', text: 'Text', preview: 'Preview', saved: 'Saved', test: 'Test connection', testOk: 'The connection works', testFailed: 'The connection does not work', calendar: 'Working calendar',
    imported: 'Imported', shipped: 'Shipped data', noYearData: 'No working calendar for {{year}}: only Saturdays and Sundays count as days off. Import the year (xmlcalendar).', remove: 'Remove', addCorrection: 'Correct a day', date: 'Date', kind: 'Day kind', note: 'Note',
    import: 'Import xmlcalendar (.xml)', daysOff: 'days off', shortened: 'shortened', workingWeekend: 'working weekend days',
    kinds: { off: 'Day off', shortened: 'Shortened', working: 'Working' }, smtp: 'E-mail (SMTP)', onec: '1C (OData)', emails: 'Sent e-mails', retryEmail: 'Retry',
    fields: {
      smtp: { host: 'SMTP server', port: 'Port', security: 'Connection security', user: 'User', password: 'Password', from: 'Sender' },
      onec: { url: '1C publication URL (OData)', user: '1C user', password: 'Password', counterpartyGroupRef: 'Counterparty group (Ref_Key)' },
    },
    hints: {
      smtp: { host: 'For example, smtp.yandex.ru', port: '465 — TLS, 587 — STARTTLS, 25 — unencrypted', from: 'The company address, e.g. ООО «Пиво» <info@example.ru>', password: 'Leave empty to keep the password' },
      onec: { url: 'For example, http://1c.example.local/buh', password: 'Leave empty to keep the password', counterpartyGroupRef: 'Optional: the GUID of the group new counterparties go to' },
    },
    security: { tls: 'TLS (port 465)', starttls: 'STARTTLS (port 587)', none: 'Unencrypted' },
    emailStatus: { ready: 'Queued', running: 'Sending', completed: 'Sent', failed: 'Failed', cancelled: 'Cancelled', not_configured: 'Not sent: e-mail is not configured' },
    mailError: {
      unreachable: 'the mail server cannot be reached (address, port or network)', timeout: 'the mail server did not answer in time', auth: 'the server refused the login or password',
      tls: 'no secure connection (encryption setting)', smtp_rejected: 'the server refused the e-mail', smtp_transient: 'the server does not take e-mails for now',
      bad_input: 'the e-mail lacks data or the address is wrong', bad_config: 'the mail settings are incomplete or wrong', template_incomplete: 'the template lacks an attachment',
      aborted: 'sending was aborted', LEASE_EXPIRED: 'sending stopped: the worker stopped', other: 'the e-mail could not be sent',
    },
    line: 'line {{n}}',
  },
  company: {
    workday: 'Working day', workdayStart: 'Start', workdayEnd: 'End', reset: 'Back to the default',
    workdayHelp: 'New deadlines and timers use these hours as soon as they are saved; deadlines already set do not move. A shortened day ends one hour earlier.',
    fromAdmin: 'set by an admin{{who}}', fromDefault: 'default ({{start}}–{{end}})',
    process: 'Process settings', recallDelayDays: 'Call back after, working days', recallHelp: 'Block 4: when the premises are not found, the next call comes at the start of the working day this many working days later (1–60, default {{def}}). Applies to calls recorded after saving.',
  },
  tplFiles: {
    title: 'Attachments', uploaded: 'Uploaded file', missing: 'No file uploaded: e-mails from this template will fail until the file is uploaded',
    upload: 'Upload file', replace: 'Replace file', uploading: 'Uploading…', remove: 'Remove file', confirmRemove: 'Remove the file? E-mails from this template will fail until a new one is uploaded.',
    hint: 'PDF, PowerPoint, Word, Excel, images, zip or text. The client gets the file under the attachment\'s name.',
    warning: 'Template «{{template}}»: the file {{files}} is not uploaded. The presentation e-mail will fail until the file is uploaded (open the template below).',
  },
  diagram: { loading: 'Loading the diagram…', unavailable: 'The process diagram is not available' },
  timeline: {
    deal_created: 'Deal created', stage_changed: 'Stage changed', task_created: 'Task created', task_completed: 'Task completed', task_cancelled: 'Task cancelled',
    task_claimed: 'Task taken', task_unclaimed: 'Task given back to the group', task_reassigned: 'Task handed over', sales_rep_changed: 'Sales rep changed',
    meeting_rescheduled: 'Meeting rescheduled', legal_decision: "Lawyer's decision", document_uploaded: 'Document uploaded', deal_won: 'Deal won', deal_lost: 'Deal lost',
    comment: 'Comment', legal_claim: "Lawyer's claim", banned_inn_confirmed: 'Sent on with a banned ИНН', email_sent: 'E-mail sent', email_not_sent: 'E-mail not sent', onec_created: 'Counterparty created in 1C', incident: 'Incident', field_changed: 'Field changed', deal_cancelled: 'Deal cancelled',
  },
};

export const LANG_KEY = 'potok.lang';
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(LANG_KEY) : null;

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'ru',
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
});

export function switchLanguage(): void {
  const next = i18n.language === 'ru' ? 'en' : 'ru';
  localStorage.setItem(LANG_KEY, next);
  document.documentElement.lang = next;
  void i18n.changeLanguage(next);
}

/** A task's title: the model's (Russian, possibly computed) unless English has one for its step. */
export function taskTitle(task: { elementId: string; title: string }): string {
  return i18n.language === 'en' ? i18n.t(`taskTitles.${task.elementId}`, { defaultValue: task.title }) : task.title;
}

export default i18n;
