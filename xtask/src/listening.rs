//! Whether a server the tooling started is up yet. A TCP connection alone does not say so:
//! polling a local port that nothing listens on yet can connect the socket to itself (the
//! kernel may pick the polled port as the source port), and the caller then talks to no
//! one. So a server counts as up only once it has answered in its own protocol.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Whether an HTTP server answers on `port` of 127.0.0.1, with any status.
#[cfg(test)]
pub fn answers_http(port: u16) -> bool {
    answers(
        port,
        b"HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
        b"HTTP/",
    )
}

/// Whether an SMTP server on `port` of 127.0.0.1 greets a client as ready.
pub fn greets_smtp(port: u16) -> bool {
    answers(port, b"", b"220")
}

/// Whether a server on `port` replies to `request` with something starting with `reply`.
/// A socket connected to itself reads back `request` (or nothing), never the reply.
fn answers(port: u16, request: &[u8], reply: &[u8]) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream.write_all(request).is_err() {
        return false;
    }
    let mut first = vec![0; reply.len()];
    stream.read_exact(&mut first).is_ok() && first == reply
}
