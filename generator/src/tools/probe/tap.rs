//! The probe's tap: a recording proxy between the generated client and the server under test,
//! in the probe's own process. It keeps each request as it went on the wire, so that `cargo
//! xtask probe` can check what Prism lets pass (`wire.rs`). Plain threads and `std::net`: the
//! probe needs no dependency the generated crate does not already have.

use proc_macro2::TokenStream;
use quote::quote;

/// The probe's items that start the tap, relay requests through it and hand over what it kept.
pub(super) fn items() -> TokenStream {
    quote! {
        /// The tap every request goes through.
        static TAP: OnceLock<Tap> = OnceLock::new();

        /// A recording proxy in front of the server under test. Each connection carries one
        /// exchange (both sides are told `connection: close`), so that each request is read
        /// whole, and kept before it is passed on.
        struct Tap {
            url: String,
            requests: Mutex<Vec<String>>,
        }

        impl Tap {
            /// The tap in front of `upstream` (`http://host:port`), listening on a port of its own.
            fn start(upstream: &str) -> &'static Tap {
                let upstream = upstream
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_owned();
                let listener = TcpListener::bind("127.0.0.1:0").expect("the tap listens");
                let address = listener.local_addr().expect("the tap has an address");
                let tap = TAP.get_or_init(|| Tap {
                    url: format!("http://{address}"),
                    requests: Mutex::new(Vec::new()),
                });
                std::thread::spawn(move || {
                    for connection in listener.incoming().flatten() {
                        let upstream = upstream.clone();
                        std::thread::spawn(move || relay(connection, &upstream));
                    }
                });
                tap
            }

            /// The requests sent since the last call, as they went on the wire.
            fn take(&self) -> Vec<String> {
                std::mem::take(&mut self.requests.lock().expect("the tap is not poisoned"))
            }
        }

        /// Keeps the request `client` sends, passes it on to `upstream` and relays the answer.
        fn relay(mut client: TcpStream, upstream: &str) -> std::io::Result<()> {
            let request = read_request(&mut client)?;
            if let Some(tap) = TAP.get() {
                let raw = String::from_utf8_lossy(&request).into_owned();
                tap.requests.lock().expect("the tap is not poisoned").push(raw);
            }
            let mut server = TcpStream::connect(upstream)?;
            server.write_all(&closing(&request))?;
            let mut response = Vec::new();
            server.read_to_end(&mut response)?;
            client.write_all(&closing(&response))
        }

        /// One request: its head, then its body by `content-length` or up to its last chunk.
        fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
            let mut message = Vec::new();
            let mut buffer = [0; 8192];
            loop {
                if let Some(end) = head_end(&message) {
                    let head = String::from_utf8_lossy(&message[..end]).to_ascii_lowercase();
                    let complete = if head.contains("\r\ntransfer-encoding: chunked") {
                        message[end..].ends_with(b"0\r\n\r\n")
                    } else {
                        let length = head
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|length| length.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        message.len() >= end + length
                    };
                    if complete {
                        return Ok(message);
                    }
                }
                let read = stream.read(&mut buffer)?;
                if read == 0 {
                    return Ok(message);
                }
                message.extend_from_slice(&buffer[..read]);
            }
        }

        /// Where the head of `message` ends, after its blank line.
        fn head_end(message: &[u8]) -> Option<usize> {
            message
                .windows(4)
                .position(|window| window == b"\r\n\r\n")
                .map(|at| at + 4)
        }

        /// `message` with `connection: close` for whatever its head said about the connection.
        fn closing(message: &[u8]) -> Vec<u8> {
            let Some(end) = head_end(message) else {
                return message.to_vec();
            };
            let head = String::from_utf8_lossy(&message[..end - 4]);
            let mut closed = String::new();
            for line in head.split("\r\n") {
                let name = line.split(':').next().unwrap_or_default().trim();
                if !name.eq_ignore_ascii_case("connection") && !name.eq_ignore_ascii_case("keep-alive") {
                    closed.push_str(line);
                    closed.push_str("\r\n");
                }
            }
            closed.push_str("connection: close\r\n\r\n");
            let mut closed = closed.into_bytes();
            closed.extend_from_slice(&message[end..]);
            closed
        }
    }
}
