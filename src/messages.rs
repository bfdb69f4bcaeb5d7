//! The core's rule messages in the customer's language: [`say`] words a
//! [`settle_core::message::Message`] with its amounts and dates formatted for the locale,
//! and [`SPANISH`] holds the Spanish for every wording the core uses.

use settle_core::message::{sentence, Explain, Message, Value};

use crate::format;
use crate::i18n::{spanish_table, t, tf, translate};

/// The message in the language in use.
pub fn say(message: &Message) -> String {
    let values: Vec<String> = message.values.iter().map(value).collect();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    tf(message.text, &values)
}

/// A rule error as a sentence of its own, in the language in use.
pub fn explain(error: &impl Explain) -> String {
    sentence(&say(&error.message()))
}

/// A message as a sentence of its own, in the language in use.
pub fn say_sentence(message: &Message) -> String {
    sentence(&say(message))
}

/// A field's reason from the core's checks ("must differ from the start") as a sentence,
/// in the language in use.
pub fn reason(text: &str) -> String {
    sentence(&translate(text))
}

fn value(value: &Value) -> String {
    match value {
        Value::Verbatim(text) => text.clone(),
        Value::Money(money) => format::money(money.amount(), money.currency().code()),
        Value::Date(date) => format::date(*date),
        Value::Word(word) => t(word).to_string(),
        Value::Words(words) => words
            .iter()
            .map(|word| t(word))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Message(inner) => say(inner),
    }
}

spanish_table! {
    /// The Spanish for every wording the core uses (and the words inside them), by its
    /// English; `i18n` looks texts up here too.
    SPANISH, SPANISH_IN_ENGLISH;
    // Words inside messages.
    "weekly" => "semanal",
    "fortnightly" => "quincenal",
    "monthly" => "mensual",
    "customer" => "cliente",
    "creditor" => "acreedor",
    "submitted" => "enviada",
    "under review" => "en revisión",
    "more information needed" => "a la espera de más información",
    "resolved in the customer's favour" => "resuelta a favor del cliente",
    "resolved as valid" => "resuelta como válida",
    "withdrawn" => "retirada",
    "open" => "abierto",
    "kept" => "cumplido",
    "broken" => "incumplido",
    "cancelled" => "cancelado",
    // Reasons a field is refused.
    "is required" => "es obligatorio",
    "must not be below zero" => "no puede ser menor que cero",
    "must be more than zero" => "debe ser mayor que cero",
    "must differ from the start" => "debe ser distinta del inicio",
    "must be after the start (a window cannot run past midnight)" => "debe ser posterior al inicio (una franja no puede pasar de la medianoche)",
    "must be an IANA time zone name such as Europe/London" => "debe ser un nombre de zona horaria IANA, como Europe/Madrid",
    "must be a language tag such as en, en-GB or cy" => "debe ser una etiqueta de idioma, como es, es-ES o ca",
    "is not an email address" => "no es una dirección de correo electrónico",
    "is not a phone number" => "no es un número de teléfono",
    "must name at least one purpose" => "debe indicar al menos un motivo",
    "must name at least one channel" => "debe indicar al menos un medio",
    "give both a start and an end, or neither" => "indique un inicio y un final, o ninguno de los dos",
    "must be a whole number, like 3" => "debe ser un número entero, como 3",
    "give an email address or a phone number for them" => "indique una dirección de correo electrónico o un número de teléfono de esa persona",
    // Amounts.
    "'{}' has too many digits: at most 28 significant digits are supported" => "«{}» tiene demasiadas cifras: se admiten como máximo 28 cifras significativas",
    "'{}' is not a decimal number: write digits with an optional minus sign and one decimal point, like \"1234.50\"" => "«{}» no es un número decimal: escriba cifras, con un signo menos si hace falta y un punto decimal, como «1234.50»",
    "'{}' is not a whole number of minor units of {} (write digits with an optional minus sign, like \"123450\")" => "«{}» no es un número entero de unidades menores de {} (escriba cifras, con un signo menos si hace falta, como «123450»)",
    "'{}' is not an ISO 4217 currency code with minor units (for example GBP, EUR, USD, JPY)" => "«{}» no es un código de moneda ISO 4217 con unidades menores (por ejemplo GBP, EUR, USD, JPY)",
    "a JSON number with a fraction cannot be read exactly: send the amount as a string, like \"12.34\", or as an integer of minor units" => "un número JSON con decimales no se puede leer con exactitud: envíe el importe como texto, como «12.34», o como un entero de unidades menores",
    "an amount must be a string like \"12.34\" or an integer of minor units" => "un importe debe ser un texto como «12.34» o un entero de unidades menores",
    "cannot combine {} and {}: amounts in different currencies are never mixed" => "no se pueden combinar {} y {}: los importes en monedas distintas nunca se mezclan",
    "{} is finer than {} allows: {} amounts have at most {} decimal places" => "{} tiene más decimales de los que admite {}: los importes en {} tienen como máximo {} decimales",
    "{} is too large: amounts must be smaller than {} in size" => "{} es demasiado grande: los importes deben ser menores de {}",
    // Disputes.
    "a dispute cannot move from {} to {}" => "una disputa no puede pasar de «{}» a «{}»",
    "the {} cannot move a dispute from {} to {}" => "el {} no puede pasar una disputa de «{}» a «{}»",
    "all that is open on invoice {} is already under dispute" => "todo lo pendiente de la factura {} ya está en disputa",
    "invoice {} has no line '{}'" => "la factura {} no tiene la línea «{}»",
    "invoice {} has nothing left to pay, so there is nothing to dispute" => "la factura {} no tiene nada pendiente de pago, así que no hay nada que disputar",
    "invoice {} is in {}, so the disputed amount must be too, not {}" => "la factura {} está en {}, así que el importe disputado también debe estarlo, no en {}",
    "line '{}' is chosen twice" => "la línea «{}» está elegida dos veces",
    "please describe the problem: a description is required when the reason is 'other'" => "describa el problema: hace falta una descripción cuando el motivo es «otro»",
    "the chosen lines of invoice {} come to nothing, so there is nothing to dispute on them" => "las líneas elegidas de la factura {} suman cero, así que no hay nada que disputar en ellas",
    "the dispute is for invoice '{}', not '{}'" => "la disputa es de la factura «{}», no de «{}»",
    "the disputed amount must be more than zero" => "el importe disputado debe ser mayor que cero",
    "the disputed amount {} is more than the {} that can still be disputed on invoice {}" => "el importe disputado, {}, supera los {} que aún se pueden disputar en la factura {}",
    "the disputed amount {} is more than {}, the total of the chosen lines" => "el importe disputado, {}, supera {}, el total de las líneas elegidas",
    "the message is empty" => "el mensaje está vacío",
    "the text is {} characters long; the limit is {}" => "el texto tiene {} caracteres; el límite es {}",
    "{} attachments is more than the limit of {}" => "{} archivos adjuntos superan el límite de {}",
    // Feedback.
    "the comment is {} characters long; the limit is {}" => "el comentario tiene {} caracteres; el límite es {}",
    "the effort score must be 1 to 7, not {}" => "la puntuación de esfuerzo debe ser de 1 a 7, no {}",
    "the satisfaction score must be 1 to 5, not {}" => "la puntuación de satisfacción debe ser de 1 a 5, no {}",
    // Plans.
    "a plan needs at least one instalment" => "un plan necesita al menos una cuota",
    "at {} per instalment the plan would need more instalments than allowed; the lowest amount per instalment is {}" => "con {} por cuota, el plan necesitaría más cuotas de las permitidas; el importe más bajo por cuota es {}",
    "choose the date of the first payment" => "elija la fecha del primer pago",
    "enter an amount per instalment, like 25.00 ({})" => "escriba un importe por cuota, como 25.00 ({})",
    "enter how many instalments, as a whole number" => "escriba cuántas cuotas, como número entero",
    "instalments must be at least {}, but {} instalments would be {}; choose at most {} instalments" => "cada cuota debe ser de al menos {}, pero con {} cuotas serían de {}; elija como máximo {} cuotas",
    "instalments must be at least {}; {} is too little" => "cada cuota debe ser de al menos {}; {} es demasiado poco",
    "plans are in {}, not {}" => "los planes son en {}, no en {}",
    "the acceptance is for offer '{}', not '{}'" => "la aceptación es de la oferta «{}», no de «{}»",
    "the amount per instalment is not valid: {}" => "el importe por cuota no es válido: {}",
    "the dates asked for are beyond the supported calendar" => "las fechas pedidas quedan fuera del calendario admitido",
    "the first instalment cannot be due before {} (asked for {})" => "la primera cuota no puede vencer antes del {} (ha pedido el {})",
    "the first instalment must be due by {} (asked for {})" => "la primera cuota debe vencer como tarde el {} (ha pedido el {})",
    "the last instalment would be due on {}, but plans must end by {} (at most {} months); with this start date that allows at most {} {} instalments" => "la última cuota vencería el {}, pero los planes deben terminar como tarde el {} (como máximo {} meses); con esta fecha de inicio caben como máximo {} cuotas de frecuencia {}",
    "the plan amount is not valid: {}" => "el importe del plan no es válido: {}",
    "the plan amount must be more than zero" => "el importe del plan debe ser mayor que cero",
    "the plan's instalments are no longer the ones shown; please review it again" => "las cuotas del plan ya no son las que se mostraron; revíselo de nuevo",
    "the plan now comes to {}, not the {} shown; please review it again" => "el plan suma ahora {}, no los {} que se mostraron; revíselo de nuevo",
    "the plan policy is not valid: {}" => "la política de planes no es válida: {}",
    "the plan terms have changed from version {} to {}; please review them again" => "las condiciones del plan han cambiado de la versión {} a la {}; revíselas de nuevo",
    "the total of {} is less than the minimum instalment of {}, so it cannot be spread: it can be paid in one go" => "el total de {} es menor que la cuota mínima de {}, así que no se puede repartir: se puede pagar de una vez",
    "this offer could be accepted until {}" => "esta oferta se podía aceptar hasta el {}",
    "{} instalments are not offered; choose {}" => "no se ofrecen cuotas de frecuencia {}; elija entre: {}",
    "{} instalments is more than the maximum of {}" => "{} cuotas superan el máximo de {}",
    // Promises.
    "a promise can be changed once, and this one was already moved from {}" => "un compromiso se puede cambiar una vez, y este ya se movió desde el {}",
    "promises to pay are not offered on this account" => "esta cuenta no ofrece compromisos de pago",
    "the change is for promise '{}', not '{}'" => "el cambio es del compromiso «{}», no del «{}»",
    "the promise fell due on {}, so it can no longer be changed" => "el compromiso venció el {}, así que ya no se puede cambiar",
    "the promise is already for {}" => "el compromiso ya es para el {}",
    "the promise is {}, so it can no longer be changed" => "el compromiso está {}, así que ya no se puede cambiar",
    "the promised amount must be more than zero" => "el importe prometido debe ser mayor que cero",
    "the promised amount {} is more than the {} owed" => "el importe prometido, {}, supera los {} que se deben",
    "the promised date {} is in the past; choose {} or later" => "la fecha prometida, {}, ya ha pasado; elija el {} o una posterior",
    "the promised date {} is too far ahead; promises can be made up to {} days ahead, so by {}" => "la fecha prometida, {}, está demasiado lejos; los compromisos se pueden hacer hasta {} días vista, es decir, hasta el {}",
}
