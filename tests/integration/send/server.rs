//! A real SMTP server for the `send` tests: Python's aiosmtpd on 127.0.0.1
//! (`smtp_server.py` beside this file; `.ci/run` installs aiosmtpd). It is
//! never skipped: a server that cannot start fails the test and says why.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A running server; stopped when dropped.
pub struct Server {
    child: Child,
    /// Kept open: the server stops by itself when it closes.
    _stdin: Option<ChildStdin>,
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    /// Where it saves what it accepts.
    pub dir: PathBuf,
}

/// One message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// MAIL FROM.
    pub from: String,
    /// RCPT TO, in order.
    pub to: Vec<String>,
    /// The user that logged in, if any.
    pub login: Option<String>,
    /// The message as received.
    pub raw: Vec<u8>,
}

impl Server {
    /// Starts the server with `args` (see `smtp_server.py`), saving into
    /// `dir`.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/send/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg("--dir")
            .arg(dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 for the test SMTP server: {e}; install Python 3 and `pip install aiosmtpd==1.4.6` (as .ci/run does)"));
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let Some(port) = line.strip_prefix("PORT ").and_then(|p| p.trim().parse().ok()) else {
            let _ = child.kill();
            let out =
                child.wait_with_output().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).unwrap_or_default();
            panic!("the test SMTP server did not start (is aiosmtpd installed? `pip install aiosmtpd==1.4.6`, as .ci/run does):\n{out}");
        };
        let stdin = child.stdin.take();
        Server { child, _stdin: stdin, port, dir: dir.to_path_buf() }
    }

    /// `smtp://127.0.0.1:<port>`, with `user@` when given.
    pub fn url(&self, user: Option<&str>) -> String {
        match user {
            Some(u) => format!("smtp://{u}@127.0.0.1:{}", self.port),
            None => format!("smtp://127.0.0.1:{}", self.port),
        }
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        received(&self.dir)
    }
}

/// The messages saved in `dir`, in the order accepted.
pub fn received(dir: &Path) -> Vec<Received> {
    let mut out = Vec::new();
    for n in 1.. {
        let Ok(raw) = std::fs::read(dir.join(format!("{n}.eml"))) else { break };
        let envelope = std::fs::read_to_string(dir.join(format!("{n}.envelope"))).expect("envelope beside message");
        let field = |k: &str| -> Vec<String> {
            envelope.lines().filter_map(|l| l.strip_prefix(k)).map(str::to_string).collect()
        };
        out.push(Received {
            from: field("from: ").into_iter().next().unwrap_or_default(),
            to: field("to: "),
            login: field("login: ").into_iter().next(),
            raw,
        });
    }
    out
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
