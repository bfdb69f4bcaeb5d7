//! Settle's developer commands. `cargo xtask run` builds everything and starts the
//! reference server with demo data; `cargo xtask test` runs every test suite. Both
//! install whatever the machine is missing first.

mod bench;
mod build;
mod chaos;
mod command;
mod e2e;
mod listening;
mod postgres;
mod profile_check;
mod python;
mod relay;
mod schemathesis;
mod screenshots;
mod server_bench;
mod size;
mod test;
mod tools;
mod wasm;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  run [--port N] [--brand FILE]
                   build the app (release) and the server, then start the server with
                   demo data under ./data (default port 8080); with --brand, FILE (a
                   brand.json, docs/brand.md) is served as /brand.json, without it the
                   app shows Settle's own brand
  build            build the app (release) into dist/ and the release server, for
                   deploying; prints where both are
  test             install what is missing, then run every check and test suite
  size             build the app (release), print its first-load and whole-app sizes and
                   where the bytes go (twiggy), and fail when either is over budget
  bench            run the benchmarks (first-load size, offline cold start, the server)
                   against the release builds
  bench server     only the server's: the sync with nothing changed beside /healthz
                   (wrk), and the first sync of 10,000 invoices
  e2e [--repeat N] [ARGS]
                   only the end-to-end tests; ARGS go to Playwright (spec files,
                   -g PATTERN); --repeat runs them N times, each against a fresh
                   server, and names every test that failed in any run
  chaos [--seed S] [--intents N]
                   the chaos campaign: N customer actions (default 120) in real
                   Chromium while seeded faults strike (offline, cut connections,
                   5xx and 429, slow answers, the server killed); fails unless each
                   arrived exactly once and nothing still waits
  screenshots      every page at phone size (360x800) and wide (1280x800), signed in as
                   demo customers, into docs/screenshots/ (PNG), against the release
                   build and a fresh reference server
  profile-check --profile FILE --base-url URL [--token T] [--value NAME=VALUE]...
                [--header 'NAME: VALUE']...
                   try a backend profile against a live backend: reads the first page
                   of every kind and prints, for each, the records mapped, those
                   skipped (with the reason) and the fields left empty
  fuzz-api         only the schemathesis run of `test` against a live debug server
  aiosmtpd         install the SMTP server the server's mail tests use (under target/)
                   and print its path
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => build::run(&args[1..]),
        Some("build") => build::for_deploying(),
        Some("test") => test::run(),
        Some("bench") if args.get(1).map(String::as_str) == Some("server") => server_bench::only(),
        Some("bench") => bench::run_all(),
        Some("e2e") => e2e::only(&args[1..]),
        Some("chaos") => chaos::only(&args[1..]),
        Some("screenshots") => screenshots::run(),
        Some("profile-check") => profile_check::only(&args[1..]),
        Some("fuzz-api") => {
            build::server(false).and_then(|server| schemathesis::run_step(&server).result)
        }
        Some("aiosmtpd") => python::aiosmtpd().map(|path| println!("{}", path.display())),
        Some("size") => build::app_release().and_then(|dist| size::check(&dist, &wasm::unsplit())),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
