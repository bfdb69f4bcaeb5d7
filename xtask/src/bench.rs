//! `cargo xtask bench`: Settle's benchmarks, against the release build of the app and
//! the server. Their figures go in BENCHMARKS.md. The server's own benchmark starts a
//! server of its own, with nothing else running against it. Last, a long chaos campaign,
//! which takes minutes.

use crate::command::{cmd, run, Result};
use crate::test::TestServer;
use crate::{build, size, tools};

pub fn run_all() -> Result<()> {
    tools::for_tests()?;
    let dist = build::app_release()?;
    println!("\n=== First-load size ===");
    size::report(&dist);
    let server_binary = build::server(true)?;
    let server = TestServer::start(&server_binary, &dist)?;
    println!("\n=== Offline cold start (headless Chromium, 360x800) ===");
    run(node_bench("tests/bench/offline-start.mjs", &server))?;
    println!("\n=== Invoice list at 10,000 invoices (headless Chromium, 360x800) ===");
    run(node_bench("tests/bench/invoice-list.mjs", &server))?;
    drop(server);
    crate::server_bench::report(&server_binary, &dist)?;
    println!(
        "\n=== Chaos campaign, {} actions (headless Chromium, real server) ===",
        crate::chaos::BENCH_INTENTS
    );
    crate::chaos::Build::new()?.run(&crate::chaos::Campaign {
        seed: 1,
        intents: crate::chaos::BENCH_INTENTS,
    })
}

/// A benchmark script run by node against `server`.
fn node_bench(script: &str, server: &TestServer) -> std::process::Command {
    let mut command = cmd("node", &[script]);
    command
        .env("SETTLE_URL", &server.url)
        .env("SETTLE_SERVER_LOG", &server.log)
        .env("CHROMIUM", tools::CHROMIUM);
    command
}
