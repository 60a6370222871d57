//! Messages and their ways out, through lettre: an RFC 5322 draft file any
//! mail client opens, or an SMTP server.
//!
//! `--smtp smtp://host[:587]` requires STARTTLS, `smtps://host[:465]` TLS
//! from the first byte (certificates checked against the Mozilla roots by
//! rustls). Only a server on this machine (`localhost`, `127.x.x.x`, `::1`)
//! is spoken to without TLS, over `smtp://`: a relay on the same machine is
//! the one case where nothing crosses a network. The user name is the URL's
//! (`smtp://coach%40practice.com@host`), else the From address when a
//! password is set; the password comes only from `TIERBOOK_SMTP_PASSWORD`
//! and is never put in a message.

use std::net::IpAddr;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use sha2::{Digest, Sha256};

use crate::send::note::Note;
use crate::send::SendError;

/// The MIME type of an `.xlsx` workbook.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The environment variable holding the SMTP password.
pub const PASSWORD_VAR: &str = "TIERBOOK_SMTP_PASSWORD";

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only to a server on this machine.
    None,
    /// STARTTLS, required (the connection fails rather than go on in clear).
    StartTls,
    /// TLS from the start (`smtps://`).
    Tls,
}

/// A parsed `--smtp` URL (never holding a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// Host name or address (an IPv6 address without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// Protection.
    pub security: Security,
    /// The user name, when the URL gives one.
    pub user: Option<String>,
}

/// Parses `--smtp`. The error never repeats the URL, which might hold a
/// password.
pub fn parse_url(text: &str) -> Result<SmtpUrl, SendError> {
    let bad = |why: &str| SendError::Smtp(format!("{why}; write smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)"));
    let url = url::Url::parse(text).map_err(|e| bad(&format!("not a URL ({e})")))?;
    if url.password().is_some() {
        return Err(SendError::Smtp(format!(
            "the URL holds a password; remove it from the command line (it shows in the process list and shell history) and set {PASSWORD_VAR} instead"
        )));
    }
    let (host, loopback) = match url.host() {
        // An smtp: URL's host is never parsed as an address by `url` (the
        // scheme is not one it knows), so addresses are told here.
        Some(url::Host::Domain(d)) => match d.parse::<IpAddr>() {
            Ok(ip) => (ip.to_string(), ip.is_loopback()),
            Err(_) => (d.to_string(), d.eq_ignore_ascii_case("localhost")),
        },
        Some(url::Host::Ipv4(a)) => (a.to_string(), IpAddr::V4(a).is_loopback()),
        Some(url::Host::Ipv6(a)) => (a.to_string(), IpAddr::V6(a).is_loopback()),
        None => return Err(bad("no host")),
    };
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("nothing may follow the host and port"));
    }
    let (security, default_port) = match url.scheme() {
        "smtp" if loopback => (Security::None, 587),
        "smtp" => (Security::StartTls, 587),
        "smtps" => (Security::Tls, 465),
        other => return Err(bad(&format!("unknown scheme {other:?}"))),
    };
    let user = Some(url.username())
        .filter(|u| !u.is_empty())
        .map(|u| percent_encoding::percent_decode_str(u).decode_utf8_lossy().into_owned());
    Ok(SmtpUrl { host, port: url.port().unwrap_or(default_port), security, user })
}

/// The transport for `url`, authenticating as its user (else `from`'s
/// address) when `password` is set.
pub fn transport(url: &SmtpUrl, password: Option<String>, from: &Mailbox) -> Result<SmtpTransport, SendError> {
    let tls = |host: &str| {
        TlsParameters::new(host.to_string()).map_err(|e| SendError::Smtp(format!("cannot set up TLS: {e}")))
    };
    let security = match url.security {
        Security::None => Tls::None,
        Security::StartTls => Tls::Required(tls(&url.host)?),
        Security::Tls => Tls::Wrapper(tls(&url.host)?),
    };
    let mut builder = SmtpTransport::builder_dangerous(url.host.as_str())
        .port(url.port)
        .tls(security)
        .timeout(Some(Duration::from_secs(30)));
    match (password, &url.user) {
        (Some(p), user) => {
            let user = user.clone().unwrap_or_else(|| from.email.to_string());
            builder = builder.credentials(Credentials::new(user, p));
        }
        (None, Some(user)) => {
            return Err(SendError::Smtp(format!("user {user:?} given but no password: set {PASSWORD_VAR}")));
        }
        (None, None) => {}
    }
    Ok(builder.build())
}

/// Sends `message`; the error is the server's or the system's own words.
pub fn deliver(transport: &SmtpTransport, message: &Message) -> Result<(), String> {
    transport.send(message).map(|_| ()).map_err(|e| describe(&e))
}

fn describe(e: &lettre::transport::smtp::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = s.source();
    }
    if e.is_permanent() && e.status().is_some_and(|c| c.to_string().starts_with("53")) {
        text.push_str(" (check the user name and TIERBOOK_SMTP_PASSWORD)");
    } else if text.contains("invalid peer certificate") {
        text.push_str(" (the server's certificate is not signed by a public authority for this host name: check the host in --smtp)");
    }
    text
}

/// One attachment: the file name shown to the advisor and the file's bytes.
#[derive(Debug, Clone)]
pub struct Attached {
    /// The file name.
    pub name: String,
    /// The bytes, exactly as on disk.
    pub bytes: Vec<u8>,
}

/// Builds the message: the note as plain text and HTML alternatives, then
/// each report attached. Drafts carry `X-Unsent: 1`, which makes Outlook open
/// the file as a message to send rather than one received.
pub fn build(
    from: &Mailbox,
    to: &Mailbox,
    cc: &[Mailbox],
    note: &Note,
    attachments: Vec<Attached>,
    message_id: String,
    draft: bool,
) -> Result<Message, String> {
    let mut b = Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(note.subject.clone())
        .message_id(Some(message_id))
        .user_agent(format!("tierbook {}", env!("CARGO_PKG_VERSION")));
    for c in cc {
        b = b.cc(c.clone());
    }
    if draft {
        b = b.raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("X-Unsent"), "1".into()));
    }
    let mut body =
        MultiPart::mixed().multipart(MultiPart::alternative_plain_html(note.text.clone(), note.html.clone()));
    let xlsx = ContentType::parse(XLSX_MIME).map_err(|e| e.to_string())?;
    for a in attachments {
        body = body.singlepart(Attachment::new(a.name).body(a.bytes, xlsx.clone()));
    }
    b.multipart(body).map_err(|e| format!("cannot build the message: {e}"))
}

/// A Message-ID unique to this message: the time, a hash of the advisor and
/// the reports, and the sender's domain.
pub fn message_id(from: &Mailbox, advisor: &str, shas: &[&str], now: chrono::DateTime<chrono::Utc>) -> String {
    let mut h = Sha256::new();
    h.update(advisor.as_bytes());
    for s in shas {
        h.update(s.as_bytes());
    }
    h.update(now.timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
    let hash = crate::read::hex(&h.finalize());
    format!("<{}.{}@{}>", now.format("%Y%m%d%H%M%S"), &hash[..16], from.email.domain())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Result<SmtpUrl, String> {
        parse_url(text).map_err(|e| e.to_string())
    }

    #[test]
    fn urls_and_their_protection() {
        let u = url("smtp://mail.example.com").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.security, u.user), ("mail.example.com", 587, Security::StartTls, None));
        let u = url("smtps://coach%40example.com@mail.example.com").unwrap();
        assert_eq!((u.port, u.security, u.user.as_deref()), (465, Security::Tls, Some("coach@example.com")));
        assert_eq!(url("smtp://127.0.0.1:2525").unwrap().security, Security::None);
        assert_eq!(url("smtp://localhost:25").unwrap().security, Security::None);
        let u = url("smtp://[::1]:2525").unwrap();
        assert_eq!((u.host.as_str(), u.security), ("::1", Security::None));
        assert_eq!(
            url("smtp://10.0.0.5:25").unwrap().security,
            Security::StartTls,
            "a private address is not this machine"
        );
        assert_eq!(url("smtp://localhost.example.com").unwrap().security, Security::StartTls);
    }

    #[test]
    fn bad_urls_never_echo_a_password() {
        let e = url("smtp://coach:hunter2@mail.example.com").unwrap_err();
        assert!(!e.contains("hunter2"), "{e}");
        assert!(e.contains("TIERBOOK_SMTP_PASSWORD"), "{e}");
        let e = url("http://mail.example.com").unwrap_err();
        assert_eq!(e, "--smtp: unknown scheme \"http\"; write smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)");
        assert!(url("mail.example.com").is_err());
        assert!(url("smtp://mail.example.com/inbox").is_err());
    }

    #[test]
    fn a_user_needs_a_password() {
        let from: Mailbox = "coach@example.com".parse().unwrap();
        let u = url("smtp://coach@127.0.0.1:2525").unwrap();
        let e = transport(&u, None, &from).map(|_| ()).unwrap_err().to_string();
        assert_eq!(e, "--smtp: user \"coach\" given but no password: set TIERBOOK_SMTP_PASSWORD");
        assert!(transport(&u, Some("pw".into()), &from).is_ok());
    }

    #[test]
    fn message_ids_differ_and_use_the_senders_domain() {
        let from: Mailbox = "Coach <coach@practice.example>".parse().unwrap();
        let now = chrono::Utc::now();
        let a = message_id(&from, "Ann", &["ab"], now);
        let b = message_id(&from, "Bob", &["ab"], now);
        assert_ne!(a, b);
        assert!(a.starts_with('<') && a.ends_with("@practice.example>"), "{a}");
    }
}
