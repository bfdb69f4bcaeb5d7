//! The language the app speaks: English or Spanish.
//!
//! Chosen once at start from the customer's explicit choice (kept in `localStorage`, so it
//! works on the sign-in page before anyone signs in), else the browser's languages, else
//! English. Texts are looked up by their English wording: English is the key, so a text
//! with no Spanish yet still reads correctly. Switching writes the choice and reloads the
//! page, which keeps the views free of language signals.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Where the customer's explicit choice is kept. It holds only "en" or "es", no customer
/// data, so it may outlive a session.
const CHOICE_KEY: &str = "settle-language";

/// A language the app is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
}

impl Language {
    /// The BCP 47 tag, for `<html lang>`, the stored choice and Intl.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself, as a switcher lists it.
    pub fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Spanish => "Español",
        }
    }

    fn from_tag(tag: &str) -> Option<Language> {
        let tag = tag.to_ascii_lowercase();
        if tag == "es" || tag.starts_with("es-") {
            Some(Language::Spanish)
        } else if tag == "en" || tag.starts_with("en-") {
            Some(Language::English)
        } else {
            None
        }
    }
}

/// Every language the app offers, in the order a switcher lists them.
pub const LANGUAGES: [Language; 2] = [Language::English, Language::Spanish];

static CHOSEN: OnceLock<Language> = OnceLock::new();

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    web_sys::window()
        .map(|window| window.navigator().languages())
        .map(|list| list.iter().filter_map(|tag| tag.as_string()).collect())
        .unwrap_or_default()
}

fn detect() -> Language {
    let stored = storage()
        .and_then(|storage| storage.get_item(CHOICE_KEY).ok().flatten())
        .and_then(|tag| Language::from_tag(&tag));
    stored
        .or_else(|| {
            browser_languages()
                .iter()
                .find_map(|tag| Language::from_tag(tag))
        })
        .unwrap_or(Language::English)
}

/// The language in use, chosen on first use.
pub fn language() -> Language {
    *CHOSEN.get_or_init(detect)
}

/// Marks the page with the language in use, for screen readers and spelling.
pub fn mark_document() {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.set_attribute("lang", language().tag());
    }
}

/// Keeps the customer's choice and reloads the page in that language.
pub fn switch_to(language: Language) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(CHOICE_KEY, language.tag());
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The locales Intl formats with: the browser's own variants of the language in use
/// (so "es-MX" keeps Mexican conventions), then the bare language.
pub fn locales() -> Vec<String> {
    let language = language();
    let mut locales: Vec<String> = browser_languages()
        .into_iter()
        .filter(|tag| Language::from_tag(tag) == Some(language))
        .collect();
    locales.push(language.tag().to_string());
    locales
}

/// A text in the language in use; `english` is both the English text and the key.
pub fn t(english: &'static str) -> &'static str {
    match language() {
        Language::English => english,
        Language::Spanish => spanish(english).unwrap_or(english),
    }
}

/// A text known only at run time (a rule's reason from the core), in the language in use
/// when it has a translation, else as it is.
pub fn translate(english: &str) -> String {
    match language() {
        Language::English => english.to_string(),
        Language::Spanish => spanish(english).unwrap_or(english).to_string(),
    }
}

/// A text with values: each `{}` in the translated template takes the next value, so
/// the translation may put them in another order of words.
pub fn tf(english: &'static str, values: &[&str]) -> String {
    let mut out = String::new();
    let mut values = values.iter();
    let mut parts = t(english).split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        out.push_str(values.next().copied().unwrap_or_default());
        out.push_str(part);
    }
    out
}

/// The Spanish for an English text, if there is one.
fn spanish(english: &str) -> Option<&'static str> {
    static BY_ENGLISH: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    BY_ENGLISH
        .get_or_init(|| {
            crate::messages::SPANISH
                .iter()
                .chain(SPANISH)
                .copied()
                .collect()
        })
        .get(english)
        .copied()
}

/// The Spanish for every text of the app, by its English. A table, not a `match`: the
/// match compiled to 16 KB of string comparisons, all of it in the first load.
const SPANISH: &[(&str, &str)] = &[
    ("Main", "Principal"),
    ("Your promise of {} by {}", "Su promesa de {} para el {}"),
    ("Your new date, {}", "Su nueva fecha, {}"),
    ("This site cannot reach your account just now", "Este sitio no puede acceder a su cuenta en este momento"),
    ("Its connection settings (the backend profile) have mistakes, so nothing is sent or fetched. What is saved on this device is shown, and actions you take wait on this device until the settings are fixed.", "Su configuración de conexión (el perfil del servidor) tiene errores, así que no se envía ni se recibe nada. Se muestra lo guardado en este dispositivo, y lo que usted haga esperará en él hasta que se corrija la configuración."),
    ("Signing in is not available", "No es posible iniciar sesión"),
    ("This site's connection settings have mistakes (listed above), so it cannot reach your account just now. Please try again later.", "La configuración de conexión de este sitio tiene errores (indicados arriba), así que no puede acceder a su cuenta en este momento. Vuelva a intentarlo más tarde."),
    ("You sign in to {} on its own sign-in page. When you have, come back here.", "Inicie sesión en {} en su propia página de acceso. Cuando lo haya hecho, vuelva aquí."),
    ("I have signed in", "Ya he iniciado sesión"),
    ("We cannot see your sign-in yet. Sign in on the creditor's page, then try again.", "Todavía no vemos su inicio de sesión. Inicie sesión en la página del acreedor y vuelva a intentarlo."),
    ("Overview", "Resumen"),
    ("Invoices", "Facturas"),
    ("Payments", "Pagos"),
    ("Statements", "Extractos"),
    ("Disputes", "Disputas"),
    ("Plans", "Planes"),
    ("Contact preferences", "Preferencias de contacto"),
    ("Help", "Ayuda"),
    ("no connection to the server", "no hay conexión con el servidor"),
    ("your session has ended; sign in again", "su sesión ha terminado; vuelva a iniciar sesión"),
    ("the server sent an answer Settle does not understand: {}", "el servidor envió una respuesta que Settle no entiende: {}"),
    ("the on-device store is unavailable: {}", "el almacenamiento de este dispositivo no está disponible: {}"),
    ("a record in the on-device store could not be read: {}", "no se pudo leer un registro del almacenamiento de este dispositivo: {}"),
    ("Balance", "Saldo"),
    ("Overdue", "Vencido"),
    ("Not yet due", "Aún no vencido"),
    ("Under dispute", "En disputa"),
    ("Credit limit", "Límite de crédito"),
    ("Available credit", "Crédito disponible"),
    ("Invoice {}", "Factura {}"),
    ("Plan instalment {}", "Cuota del plan {}"),
    ("{} by {}", "{} antes del {}"),
    ("Pay the balance of {} now", "Pagar ahora el saldo de {}"),
    ("Amounts under dispute are never counted as overdue. Figures as of {}.", "Los importes en disputa nunca se cuentan como vencidos. Cifras a {}."),
    ("Due next", "Próximos vencimientos"),
    ("This account is on stop", "Esta cuenta está bloqueada"),
    ("New orders are paused.", "Los pedidos nuevos están en pausa."),
    ("Contact us and we will tell you what is needed.", "Póngase en contacto con nosotros y le diremos qué hace falta."),
    ("What you can do: {}", "Qué puede hacer: {}"),
    ("{} is past its due date", "{} ha superado su fecha de vencimiento"),
    ("Pay it when you can, or contact us if you need more time: we can agree a plan.", "Páguelo cuando pueda, o contacte con nosotros si necesita más tiempo: podemos acordar un plan."),
    ("You are in credit by {}", "Tiene un saldo a su favor de {}"),
    ("We will take it off what you owe next, or refund it if you ask.", "Lo descontaremos de lo próximo que deba, o se lo devolveremos si lo solicita."),
    ("You are up to date", "Está al día"),
    ("Nothing is past its due date.", "No hay nada vencido."),
    ("Account", "Cuenta"),
    ("All accounts", "Todas las cuentas"),
    ("How long amounts have been due", "Antigüedad de los importes vencidos"),
    ("1 to 30 days late", "De 1 a 30 días de retraso"),
    ("31 to 60 days late", "De 31 a 60 días de retraso"),
    ("61 to 90 days late", "De 61 a 90 días de retraso"),
    ("Over 90 days late", "Más de 90 días de retraso"),
    ("{} was not added: {}.", "{} no se ha añadido: {}."),
    ("Photos or documents (optional)", "Fotos o documentos (opcional)"),
    ("Remove {}", "Quitar {}"),
    ("Remove", "Quitar"),
    ("Thank you: your payment went through. Your balance shows it as soon as it has synced.", "Gracias: su pago se ha realizado. Su saldo lo reflejará en cuanto se sincronice."),
    ("The payment did not go through, and nothing was taken. You can try again.", "El pago no se ha realizado y no se le ha cobrado nada. Puede intentarlo de nuevo."),
    ("Language", "Idioma"),
    ("We could not start the payment: {}.", "No hemos podido iniciar el pago: {}."),
    ("Paying needs a connection: this button works again as soon as you are back online.", "Para pagar hace falta conexión: este botón volverá a funcionar en cuanto vuelva a estar en línea."),
    ("Any day from the day you agree to {} days later", "Cualquier día desde el día en que lo acuerde hasta {} días después"),
    ("Between {} and {} days after you agree", "Entre {} y {} días después de acordarlo"),
    ("No fees and no interest.", "Sin comisiones ni intereses."),
    ("A set-up fee of {} and simple interest of {} % a year.", "Una comisión de apertura de {} y un interés simple del {} % anual."),
    ("Smallest instalment", "Cuota mínima"),
    ("Longest plan", "Plan más largo"),
    ("{} months, at most {} instalments", "{} meses, como máximo {} cuotas"),
    ("How often", "Frecuencia"),
    ("First payment", "Primer pago"),
    ("Costs", "Costes"),
    ("If a payment is missed", "Si no se realiza un pago"),
    ("Terms version", "Versión de las condiciones"),
    ("Every week", "Cada semana"),
    ("Every two weeks", "Cada dos semanas"),
    ("Every month", "Cada mes"),
    ("Instalment", "Cuota"),
    ("Due", "Vencimiento"),
    ("Status", "Estado"),
    ("Amount", "Importe"),
    ("Total", "Total"),
    ("Paid", "Pagada"),
    ("To pay", "Pendiente de pago"),
    ("Missed", "No pagada"),
    ("Online", "En línea"),
    ("Offline", "Sin conexión"),
    ("Last synced {}", "Última sincronización: {}"),
    ("Showing data from {}", "Datos del {}"),
    ("1 action waiting to be sent", "1 acción pendiente de enviar"),
    ("{} actions waiting to be sent", "{} acciones pendientes de enviar"),
    ("Sign out", "Cerrar sesión"),
    ("Some actions have not been sent yet", "Algunas acciones aún no se han enviado"),
    ("{} of your actions are saved on this device but have not reached us. If you sign out now they will be lost.", "{} de sus acciones están guardadas en este dispositivo pero aún no nos han llegado. Si cierra la sesión ahora, se perderán."),
    ("Keep them and send now", "Conservarlas y enviarlas ahora"),
    ("Sign out and discard them", "Cerrar sesión y descartarlas"),
    ("A new version of Settle is ready.", "Hay una nueva versión de Settle disponible."),
    ("Reload to update", "Recargar para actualizar"),
    ("Ask us for help", "Pídanos ayuda"),
    ("If paying is hard right now, tell us. We will look at what you can afford and will not chase you while we do. Leave any amount empty if you prefer not to say.", "Si ahora le resulta difícil pagar, díganoslo. Estudiaremos lo que puede permitirse y no le reclamaremos nada mientras tanto. Deje en blanco cualquier importe que prefiera no indicar."),
    ("Loading…", "Cargando…"),
    ("No accounts yet.", "Aún no hay cuentas."),
    ("Tell us a little about what you need.", "Cuéntenos brevemente lo que necesita."),
    ("Time to get advice or get back on my feet", "Tiempo para pedir asesoramiento o recuperarme"),
    ("A plan with smaller payments", "Un plan con pagos más pequeños"),
    ("Something else", "Otra cosa"),
    ("Thank you for telling us. We will be in touch, in the way you asked in your contact preferences. We will not chase you while we look at it.", "Gracias por contárnoslo. Nos pondremos en contacto con usted de la forma que indicó en sus preferencias de contacto. No le reclamaremos nada mientras lo estudiamos."),
    ("Which account", "Qué cuenta"),
    ("What would help?", "¿Qué le ayudaría?"),
    ("Money coming in each month, after tax", "Ingresos mensuales, después de impuestos"),
    ("Essential spending each month (home, bills, food, other debts)", "Gastos esenciales mensuales (vivienda, facturas, comida, otras deudas)"),
    ("What you could pay us", "Lo que podría pagarnos"),
    ("Anything you want us to know", "Cualquier cosa que quiera que sepamos"),
    ("You may talk about this with the adviser I named in my contact preferences", "Pueden hablar de esto con el asesor que indiqué en mis preferencias de contacto"),
    ("Ask for help", "Pedir ayuda"),
    ("Your preferences will show here once they have been synced.", "Sus preferencias aparecerán aquí cuando se hayan sincronizado."),
    ("Your last change was not accepted: {}. The form shows your preferences as we have them; change them and save again.", "Su último cambio no se ha aceptado: {}. El formulario muestra sus preferencias tal como las tenemos; cámbielas y vuelva a guardar."),
    ("Your latest change is saved on this device and waiting to be sent.", "Su último cambio está guardado en este dispositivo y pendiente de enviar."),
    ("Never contact me by", "No contactarme nunca por"),
    ("Quiet hours (no calls or messages)", "Horas de silencio (sin llamadas ni mensajes)"),
    ("How to reach you about each thing", "Cómo contactarle para cada asunto"),
    ("A channel you never want is never used, whatever is ticked here.", "Un canal que usted no desea nunca se usa, aunque esté marcado aquí."),
    ("Best time to call", "Mejor hora para llamar"),
    ("Language for letters and messages", "Idioma de cartas y mensajes"),
    ("Help with reading and hearing", "Ayuda con la lectura y la audición"),
    ("Someone we may contact for you, such as a debt adviser", "Alguien con quien podemos hablar en su nombre, como un asesor de deudas"),
    ("Save preferences", "Guardar preferencias"),
    ("Saved. We will send it as soon as we can.", "Guardado. Lo enviaremos en cuanto podamos."),
    ("Changes you have made", "Cambios que ha hecho"),
    ("Payment reminders", "Recordatorios de pago"),
    ("Updates on disputes", "Novedades sobre disputas"),
    ("Updates on payment plans", "Novedades sobre planes de pagos"),
    ("Large print", "Letra grande"),
    ("Easy read", "Lectura fácil"),
    ("Text relay for phone calls", "Servicio de retransmisión de texto para llamadas"),
    ("how to reach you", "cómo contactarle"),
    ("channels never to use", "canales que no usar nunca"),
    ("quiet hours", "horas de silencio"),
    ("best time to call", "mejor hora para llamar"),
    ("time zone", "zona horaria"),
    ("contacts a week", "contactos por semana"),
    ("language", "idioma"),
    ("help with reading and hearing", "ayuda con la lectura y la audición"),
    ("someone we may contact for you", "alguien con quien podemos hablar en su nombre"),
    ("Email", "Correo electrónico"),
    ("Text message (SMS)", "Mensaje de texto (SMS)"),
    ("Phone call", "Llamada telefónica"),
    ("Post", "Correo postal"),
    ("Messages in this app", "Mensajes en esta aplicación"),
    ("From", "Desde"),
    ("Until", "Hasta"),
    ("Most contacts a week", "Máximo de contactos por semana"),
    ("Leave it empty for no limit.", "Déjelo en blanco para no poner límite."),
    ("Your time zone", "Su zona horaria"),
    ("Quiet hours and the best time are in this time zone, for example Europe/London.", "Las horas de silencio y la mejor hora se refieren a esta zona horaria, por ejemplo Europe/Madrid."),
    ("Their name", "Su nombre"),
    ("Leave it empty if there is nobody.", "Déjelo en blanco si no hay nadie."),
    ("Who they are to you", "Qué relación tiene con usted"),
    ("Their email", "Su correo electrónico"),
    ("Their phone number", "Su número de teléfono"),
    ("Write to us", "Escríbanos"),
    ("Your message", "Su mensaje"),
    ("Sent. It shows below as soon as it has reached us.", "Enviado. Aparecerá abajo en cuanto nos llegue."),
    ("Send message", "Enviar mensaje"),
    ("Withdraw the dispute", "Retirar la disputa"),
    ("If it is sorted out, you can withdraw the dispute. The amount then counts as owed again.", "Si se ha resuelto, puede retirar la disputa. El importe volverá a contar como adeudado."),
    ("Withdraw this dispute", "Retirar esta disputa"),
    ("Why (optional)", "Motivo (opcional)"),
    ("Yes, withdraw it", "Sí, retirarla"),
    ("Keep it", "Mantenerla"),
    ("Choose how satisfied you are, from 1 to 5.", "Indique su grado de satisfacción, de 1 a 5."),
    ("Thank you for telling us how we did.", "Gracias por darnos su opinión."),
    ("How did we do?", "¿Cómo lo hemos hecho?"),
    ("How satisfied are you with how we handled this? (1: not at all, 5: very)", "¿Qué grado de satisfacción tiene con cómo lo hemos gestionado? (1: nada, 5: mucho)"),
    ("It was easy to sort this out. (1: strongly disagree, 7: strongly agree; optional)", "Fue fácil resolverlo. (1: totalmente en desacuerdo, 7: totalmente de acuerdo; opcional)"),
    ("Anything else? (optional)", "¿Algo más? (opcional)"),
    ("Send", "Enviar"),
    ("Dispute on invoice {}", "Disputa sobre la factura {}"),
    ("Dispute", "Disputa"),
    ("We could not find this dispute.", "No hemos encontrado esta disputa."),
    ("Your message: “{}”", "Su mensaje: «{}»"),
    ("Withdrawing the dispute", "Retirada de la disputa"),
    ("Your feedback", "Su opinión"),
    ("Amount disputed", "Importe en disputa"),
    ("Reason", "Motivo"),
    ("Raised", "Fecha de apertura"),
    ("We aim to answer by", "Intentaremos responder antes del"),
    ("Photos and documents you sent", "Fotos y documentos que ha enviado"),
    ("Our answer: ", "Nuestra respuesta: "),
    ("See the invoice", "Ver la factura"),
    ("What has happened", "Qué ha pasado"),
    ("Messages", "Mensajes"),
    ("You", "Usted"),
    ("Us", "Nosotros"),
    ("You have no disputes.", "No tiene disputas."),
    ("Details of the dispute on invoice {}", "Detalles de la disputa sobre la factura {}"),
    ("Received: we will look into it", "Recibida: la revisaremos"),
    ("We are looking into it", "La estamos revisando"),
    ("We need more information from you", "Necesitamos más información de usted"),
    ("Resolved in your favour", "Resuelta a su favor"),
    ("Resolved: the charge stands", "Resuelta: el cargo se mantiene"),
    ("Withdrawn by you", "Retirada por usted"),
    ("Help and policies", "Ayuda y políticas"),
    ("Using Settle without a connection", "Usar Settle sin conexión"),
    ("Settle keeps a copy of your account on this device, so you can check what you owe and read your invoices, statements and plan agreements offline. The top of the page says when the copy was last brought up to date.", "Settle guarda una copia de su cuenta en este dispositivo, para que pueda consultar lo que debe y leer sus facturas, extractos y acuerdos de plan sin conexión. La parte superior de la página indica cuándo se actualizó la copia por última vez."),
    ("What you do offline (a dispute, a message, a plan, a preference) is saved at once and sent when you are back online. It shows as “waiting to be sent” until we have it; nothing is lost if you close the app. Paying needs a connection.", "Lo que haga sin conexión (una disputa, un mensaje, un plan, una preferencia) se guarda al momento y se envía cuando vuelva a estar en línea. Aparece como «pendiente de enviar» hasta que nos llega; no se pierde nada si cierra la aplicación. Para pagar hace falta conexión."),
    ("Your information on this device", "Su información en este dispositivo"),
    ("We keep only what the screens need: your accounts, invoices, statements, payments, disputes, plans and preferences, and anything you have not sent yet. Your sign-in stays in a secure cookie, never in the app's storage.", "Solo guardamos lo que necesitan las pantallas: sus cuentas, facturas, extractos, pagos, disputas, planes y preferencias, y lo que aún no haya enviado. Su inicio de sesión se guarda en una cookie segura, nunca en el almacenamiento de la aplicación."),
    ("Signing out deletes all of it from this device. If you have actions waiting to be sent, we tell you first.", "Al cerrar la sesión se borra todo de este dispositivo. Si tiene acciones pendientes de enviar, se lo avisamos antes."),
    ("If something on an invoice is wrong, raise a dispute from the invoice. The amount you dispute is never counted as overdue while we look into it. Each dispute shows when we aim to answer, every step so far, and our messages; you can write to us or withdraw it at any time.", "Si algo de una factura no es correcto, abra una disputa desde la factura. El importe en disputa nunca se cuenta como vencido mientras lo revisamos. Cada disputa muestra cuándo intentaremos responder, cada paso dado y nuestros mensajes; puede escribirnos o retirarla en cualquier momento."),
    ("Payment plans and promises", "Planes de pagos y compromisos de pago"),
    ("Each account's rules for plans (smallest instalment, longest plan, any costs, and what happens if a payment is missed) are shown on ", "Las condiciones de los planes de cada cuenta (cuota mínima, plan más largo, costes y qué ocurre si no se realiza un pago) se muestran en "),
    ("Payment plans", "Planes de pagos"),
    (" before you choose anything. You can agree a plan we offer or build your own, and you keep a receipt of what you agreed.", " antes de que elija nada. Puede aceptar un plan que le ofrezcamos o crear el suyo, y conserva un justificante de lo acordado."),
    ("If paying is hard", "Si le resulta difícil pagar"),
    ("Tell us", "Díganoslo"),
    (". We will look at what you can afford, and we will not chase you while we do. Free, independent debt advice is also available in most countries; you can name an adviser in your ", ". Estudiaremos lo que puede permitirse y no le reclamaremos nada mientras tanto. En la mayoría de los países también hay asesoramiento sobre deudas gratuito e independiente; puede indicar un asesor en sus "),
    ("contact preferences", "preferencias de contacto"),
    (" so we can talk to them.", " para que podamos hablar con él."),
    ("How we contact you", "Cómo nos ponemos en contacto con usted"),
    ("You choose how we contact you for each purpose, when not to, and how often, in ", "Usted elige cómo contactarle para cada asunto, cuándo no hacerlo y con qué frecuencia, en "),
    (". You can stop any channel at any time.", ". Puede desactivar cualquier canal en cualquier momento."),
    ("Invoice", "Factura"),
    ("We could not find this invoice.", "No hemos encontrado esta factura."),
    ("Issued", "Emitida"),
    ("Paid so far", "Pagado hasta ahora"),
    ("Left to pay", "Pendiente de pago"),
    ("Your reference", "Su referencia"),
    ("Pay {} now", "Pagar {} ahora"),
    ("Dispute invoice {}", "Abrir una disputa sobre la factura {}"),
    ("Spread what you owe over a payment plan", "Repartir lo que debe en un plan de pagos"),
    ("Download the invoice (PDF)", "Descargar la factura (PDF)"),
    ("What the invoice is for", "Concepto de la factura"),
    ("Item", "Concepto"),
    ("Subtotal", "Subtotal"),
    ("Disputes on this invoice", "Disputas sobre esta factura"),
    ("Search", "Buscar"),
    ("Number, reference or item", "Número, referencia o concepto"),
    ("Show", "Mostrar"),
    ("Sort by", "Ordenar por"),
    ("Show {} more of {}", "Mostrar {} más de {}"),
    ("No invoices match.", "Ninguna factura coincide."),
    ("1 invoice", "1 factura"),
    ("{} invoices", "{} facturas"),
    ("{} paid", "{} pagado"),
    ("{} in your favour", "{} a su favor"),
    ("{} to pay by {}", "{} a pagar antes del {}"),
    ("Credit note", "Nota de crédito"),
    ("In a payment plan", "En un plan de pagos"),
    ("All", "Todas"),
    ("Due date, soonest first", "Fecha de vencimiento, la más próxima primero"),
    ("Due date, latest first", "Fecha de vencimiento, la más lejana primero"),
    ("Amount left to pay, largest first", "Importe pendiente, el mayor primero"),
    ("Invoice number", "Número de factura"),
    ("Not accepted: {}. Change the details and try again, or contact us.", "No aceptado: {}. Cambie los datos y vuelva a intentarlo, o contacte con nosotros."),
    ("Waiting to be sent", "Pendiente de enviar"),
    ("Waiting to be sent: {}. We will keep trying; nothing needs doing.", "Pendiente de enviar: {}. Seguiremos intentándolo; no tiene que hacer nada."),
    ("Page not found", "Página no encontrada"),
    ("Go to your account overview", "Ir al resumen de su cuenta"),
    ("Your account", "Su cuenta"),
    ("No payments yet.", "Aún no hay pagos."),
    (" (plan instalment {})", " (cuota del plan {})"),
    ("Paid towards:", "Aplicado a:"),
    ("{} is kept as credit on your account.", "{} queda como saldo a favor en su cuenta."),
    ("Card", "Tarjeta"),
    ("Bank transfer", "Transferencia bancaria"),
    ("Direct debit", "Domiciliación bancaria"),
    ("Cheque", "Cheque"),
    ("Cash", "Efectivo"),
    ("Other", "Otro"),
    ("Being confirmed", "En confirmación"),
    ("Received", "Recibido"),
    ("Did not go through", "No se realizó"),
    ("Refunded to you", "Devuelto a usted"),
    ("Build a payment plan", "Crear un plan de pagos"),
    ("We could not find this account.", "No hemos encontrado esta cuenta."),
    ("Payment plans are not offered on this account.", "Esta cuenta no ofrece planes de pagos."),
    ("This account already has a plan. ", "Esta cuenta ya tiene un plan. "),
    ("See your plan", "Ver su plan"),
    ("Tick the box to agree to the terms first.", "Primero marque la casilla para aceptar las condiciones."),
    ("How plans work on this account", "Cómo funcionan los planes en esta cuenta"),
    ("Your plan", "Su plan"),
    ("The plan covers what you owe now, not counting amounts under dispute: ", "El plan cubre lo que debe ahora, sin contar los importes en disputa: "),
    ("Choose by", "Elegir por"),
    ("How many instalments", "Cuántas cuotas"),
    ("How much each time", "Importe de cada pago"),
    ("Number of instalments", "Número de cuotas"),
    ("Most I can pay each time ({})", "Lo máximo que puedo pagar cada vez ({})"),
    ("First payment on", "Primer pago el"),
    ("What you would pay", "Lo que pagaría"),
    ("Change the choices above to see your instalments.", "Cambie las opciones de arriba para ver sus cuotas."),
    ("Review and agree", "Revisar y aceptar"),
    ("Your agreement", "Su acuerdo"),
    ("By agreeing you promise to pay the instalments above on their dates. ", "Al aceptar, se compromete a pagar las cuotas anteriores en sus fechas. "),
    ("You agree to our payment plan terms, version {}. We record the date and time you agree, and you can see the agreement under Payment plans at any time, even offline.", "Acepta nuestras condiciones de planes de pagos, versión {}. Registramos la fecha y la hora en que lo acepta, y puede ver el acuerdo en Planes de pagos en cualquier momento, incluso sin conexión."),
    ("I agree to this plan and its terms", "Acepto este plan y sus condiciones"),
    ("Agree to this plan", "Aceptar este plan"),
    ("Plan amount", "Importe del plan"),
    ("Cost of the plan", "Coste del plan"),
    ("Total to pay", "Total a pagar"),
    ("Your instalments", "Sus cuotas"),
    ("A plan we offer you", "Un plan que le ofrecemos"),
    ("This offer is no longer available.", "Esta oferta ya no está disponible."),
    ("{} instalments, {}", "{} cuotas, {}"),
    ("Agree by", "Aceptar antes del"),
    ("The instalments", "Las cuotas"),
    ("Your plan agreement", "Su acuerdo de plan de pagos"),
    ("We could not find this plan.", "No hemos encontrado este plan."),
    ("accepting our offer", "aceptando nuestra oferta"),
    ("building your own plan", "creando su propio plan"),
    ("Agreed on", "Acordado el"),
    ("Agreed by", "Forma de acuerdo"),
    ("{}, in the {}", "{}, por el canal {}"),
    ("Set-up fee", "Comisión de apertura"),
    ("Interest", "Intereses"),
    ("If a payment is missed: ", "Si no se realiza un pago: "),
    ("Active: being paid", "Activo: en curso de pago"),
    ("Completed: every instalment paid", "Completado: todas las cuotas pagadas"),
    ("Ended after missed payments", "Finalizado por pagos no realizados"),
    ("Cancelled", "Cancelado"),
    ("Other ways we can help", "Otras formas en que podemos ayudarle"),
    ("Promise to pay by a date", "Comprometerse a pagar antes de una fecha"),
    ("Tell us you are struggling to pay", "Díganos si tiene dificultades para pagar"),
    ("Your plan agreement: {}", "Su acuerdo de plan: {}"),
    ("{} instalments", "{} cuotas"),
    (" · {} · from {}", " · {} · desde {}"),
    ("Total to pay: {}", "Total a pagar: {}"),
    ("You can agree to this offer until {}", "Puede aceptar esta oferta hasta el {}"),
    ("Look at this offer", "Ver esta oferta"),
    ("Plans we can offer you", "Planes que podemos ofrecerle"),
    ("No ready-made plans right now: build your own below.", "Ahora mismo no hay planes ya preparados: cree el suyo más abajo."),
    ("Build your own plan", "Crear su propio plan"),
    ("paid {} of {}", "pagado {} de {}"),
    ("Your plan agreement (receipt)", "Su acuerdo de plan (justificante)"),
    ("Promise to pay", "Compromiso de pago"),
    ("Tell us when you will pay, and we will not chase you before then.", "Díganos cuándo pagará y no le reclamaremos nada antes de esa fecha."),
    ("Promises to pay are not offered on this account. You can still ask us for help.", "Esta cuenta no admite compromisos de pago. Aun así, puede pedirnos ayuda."),
    ("Amount: {}.", "Importe: {}."),
    ("Choose the date you will pay by.", "Elija la fecha en la que pagará como tarde."),
    ("Thank you. Your promise is saved and will reach us as soon as you are online.", "Gracias. Su compromiso está guardado y nos llegará en cuanto esté en línea."),
    ("How much ({})", "Cuánto ({})"),
    ("Leave it empty to promise all you owe now.", "Déjelo en blanco para comprometerse a pagar todo lo que debe ahora."),
    ("I will pay by", "Pagaré como tarde el"),
    ("Any day up to {}.", "Cualquier día hasta el {}."),
    ("Make this promise", "Hacer este compromiso"),
    ("Choose the new date.", "Elija la nueva fecha."),
    ("Your new date is saved.", "Su nueva fecha está guardada."),
    ("You can move the date of your promise once, before it falls due.", "Puede cambiar la fecha de su compromiso una vez, antes de que venza."),
    ("New date", "Nueva fecha"),
    ("Change the date", "Cambiar la fecha"),
    ("We are expecting it", "Lo esperamos"),
    ("Kept: thank you", "Cumplido: gracias"),
    ("The date passed before it was paid in full", "La fecha pasó antes de pagarse por completo"),
    ("Raise a dispute", "Abrir una disputa"),
    ("Invoice {}: {} open", "Factura {}: {} pendiente"),
    ("What is wrong?", "¿Qué no es correcto?"),
    ("Amount you dispute", "Importe que disputa"),
    ("The most you can dispute is {}. Leave it empty to dispute all of it.", "Lo máximo que puede disputar es {}. Déjelo en blanco para disputarlo todo."),
    ("Which lines are wrong?", "¿Qué líneas no son correctas?"),
    ("Line amounts include tax. Tick none to dispute the whole invoice.", "Los importes de las líneas incluyen impuestos. No marque ninguna para disputar toda la factura."),
    ("What is disputed", "Qué se disputa"),
    ("The whole invoice", "Toda la factura"),
    ("You have unsaved changes from earlier.", "Tiene cambios sin guardar de antes."),
    ("Discard them", "Descartarlos"),
    ("What happened?", "¿Qué ha pasado?"),
    ("Send dispute", "Enviar disputa"),
    ("I did not receive it", "No lo he recibido"),
    ("It arrived damaged or does not work", "Llegó dañado o no funciona"),
    ("The price or quantity is wrong", "El precio o la cantidad no son correctos"),
    ("I was charged twice", "Me lo han cobrado dos veces"),
    ("I have already paid it", "Ya lo he pagado"),
    ("Sign in to Settle", "Inicie sesión en Settle"),
    ("Email address", "Correo electrónico"),
    ("Send me a sign-in code", "Enviarme un código de acceso"),
    ("We sent a six-digit code to ", "Hemos enviado un código de seis cifras a "),
    ("Sign-in code", "Código de acceso"),
    ("Sign in", "Iniciar sesión"),
    ("No statements yet.", "Aún no hay extractos."),
    ("{} to {}", "{} – {}"),
    ("Statement {}", "Extracto {}"),
    ("Opening balance", "Saldo inicial"),
    ("Closing balance", "Saldo final"),
    ("What happened in the period", "Movimientos del periodo"),
    ("Date", "Fecha"),
    ("Open the statement for {} (PDF)", "Abrir el extracto del periodo {} (PDF)"),
    ("Income", "Ingresos"),
    ("Outgoings", "Gastos"),
    ("What you can afford", "Lo que puede permitirse"),
    ("Keep nothing on this device", "No guardar nada en este dispositivo"),
    ("For a shared or public computer: your account is kept only in this tab, and is gone when you close it.", "Para un ordenador compartido o público: su cuenta se guarda solo en esta pestaña y desaparece al cerrarla."),
    ("Nothing will be kept on this device once you close this tab.", "No quedará nada en este dispositivo cuando cierre esta pestaña."),
    ("Kept only in this tab", "Guardado solo en esta pestaña"),
];

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::HashMap;

    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_text_has_one_spanish_at_most() {
        let mut seen = HashMap::new();
        for (english, spanish) in crate::messages::SPANISH.iter().chain(super::SPANISH) {
            if let Some(earlier) = seen.insert(english, spanish) {
                panic!("{english:?} is translated twice: {earlier:?} and {spanish:?}");
            }
        }
        assert_eq!(super::spanish("Overview"), Some("Resumen"));
        assert_eq!(super::spanish("weekly"), Some("semanal"));
        assert_eq!(super::spanish("no such text"), None);
    }
}
