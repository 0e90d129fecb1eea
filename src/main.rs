//! The `folio` binary: parse the command line, run, map errors to exit codes.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use folio::cli::{Cli, Subcommand};
use folio::command::{Terminal, check, list, pager, render, search};
use folio::graphics::probe;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            complain(&format!("folio: {error}"));
            ExitCode::FAILURE
        }
    }
}

/// One line on standard error. A closed or broken stderr is not a reason
/// to crash: the exit code still tells what happened.
fn complain(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

fn run(cli: Cli) -> folio::Result<ExitCode> {
    let terminal = Terminal::stdout(cli.color, cli.hyperlinks);
    let cache = |dir: &std::path::Path| {
        if cli.no_cache { None } else { folio::post::cache::location(dir) }
    };
    if let (Some(dir), Some(command)) = (&cli.dir, &cli.command) {
        let dir = folio::sanitize::path(dir);
        complain(&format!(
            "folio: the folder goes after the subcommand: 'folio {} {dir}'",
            command.name()
        ));
        return Ok(ExitCode::from(2));
    }
    if cli.command.is_none()
        && let Some(dir) = &cli.dir
        && let Some(message) = not_a_command(dir)
    {
        complain(&message);
        return Ok(ExitCode::from(2));
    }
    // Every subcommand reads the config: a broken one is said by all.
    let config = match folio::config::load(cli.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            complain(&format!("folio: {error}"));
            return Ok(ExitCode::from(2));
        }
    };
    let mut out = BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    match cli.command {
        Some(Subcommand::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "folio", &mut out);
            out.flush().map_err(folio::Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Subcommand::Man) => {
            folio::command::man::write(&mut out).map_err(folio::Error::Output)?;
            out.flush().map_err(folio::Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Subcommand::List(args)) => {
            list::run(&args, cache(&args.dir), terminal, &mut out, &mut io::stderr())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Subcommand::Check(args)) => {
            let report = check::run(&args.dir, cache(&args.dir), terminal, args.json, &mut out)?;
            Ok(if report.failed() { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Some(Subcommand::Search(args)) => {
            search::run(&args, cache(&args.dir), terminal, &mut out, &mut io::stderr())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Subcommand::Config) => {
            out.write_all(folio::config::default_text().as_bytes())
                .and_then(|()| out.flush())
                .map_err(folio::Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Subcommand::Render(args)) => {
            // The config's theme; its background asked of no terminal.
            let theme = config.theme(terminal.color, || false);
            let pictures = render_pictures(cli.images.unwrap_or(config.images), terminal);
            let look = render::Look {
                width: render::width(args.width, terminal),
                theme: &theme,
                color: terminal.color,
                hyperlinks: terminal.hyperlinks,
                pictures,
                height: terminal.height.unwrap_or(24),
                remote: config.remote_images,
            };
            let mut text = Vec::with_capacity(64 * 1024);
            render::run(&args.file, look, &mut text)?;
            let lines = text.iter().filter(|&&b| b == b'\n').count();
            // A pager shows no picture sent as a sequence of its own.
            let sequences = pictures.is_some_and(|g| g.kind != folio::graphics::Kind::Halfblocks);
            if !sequences
                && pager::wanted(args.paging, terminal, lines)
                && pager::page(&text).unwrap_or(false)
            {
                return Ok(ExitCode::SUCCESS);
            }
            out.write_all(&text).and_then(|()| out.flush()).map_err(folio::Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            if !io::stdout().is_terminal() {
                complain(
                    "folio: the reader needs a terminal, and standard output is not one; \
                     use 'folio list' or 'folio render' in scripts",
                );
                return Ok(ExitCode::from(2));
            }
            let given = cli.dir.unwrap_or_else(|| ".".into());
            let meta = std::fs::metadata(&given)
                .map_err(|source| folio::Error::Folder { path: given.clone(), source })?;
            // `folio post.md`: its blog (the site's root, or a folder read
            // before), with the post open.
            let (dir, open) = if meta.is_file() && folio::post::walk::is_markdown(&given) {
                let known = |dir: &std::path::Path| {
                    folio::state::location(dir).is_some_and(|state| state.exists())
                };
                let dir = folio::post::site::root_of(&given, &known);
                let inside = |file: std::path::PathBuf| {
                    let root = dir.canonicalize().ok()?;
                    file.strip_prefix(root).ok().map(std::path::Path::to_path_buf)
                };
                let open = given.canonicalize().ok().and_then(inside);
                (dir, open.or_else(|| given.file_name().map(std::path::PathBuf::from)))
            } else if meta.is_dir() {
                (given, None)
            } else {
                return Err(folio::Error::NotAFolder { path: given });
            };
            // One round of questions to the terminal: its background (for
            // the theme) and, with pictures wanted, what it draws them with.
            let images = cli.images.unwrap_or(config.images);
            let pictures = images != folio::graphics::Images::Off && terminal.color;
            let hints = if pictures { probe::Hints::from_env() } else { probe::Hints::default() };
            let answers = std::cell::OnceCell::new();
            let ask = || {
                *answers.get_or_init(|| probe::ask(pictures, hints.passthrough).unwrap_or_default())
            };
            let theme =
                config.theme(terminal.color, || folio::tui::background_is_light(ask().background));
            let graphics = if pictures { probe::graphics(images, ask(), &hints) } else { None };
            let cache = cache(&dir);
            let state = folio::state::location(&dir);
            // The reader runs in a terminal (refused above otherwise).
            let hyperlinks = folio::command::hyperlinks_wanted(cli.hyperlinks, true);
            let setup = folio::tui::Setup {
                root: dir,
                open,
                theme,
                cache,
                state,
                config,
                hyperlinks,
                graphics,
            };
            restore_terminal_on_fatal_signals();
            folio::tui::run(setup).map_err(folio::Error::Output)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// How `folio render` draws pictures: as the terminal answers when
/// standard output is one (with colours), never into a pipe unless a
/// protocol is named; `--images off` never.
fn render_pictures(
    images: folio::graphics::Images,
    terminal: Terminal,
) -> Option<folio::graphics::Graphics> {
    use folio::graphics::Images;
    if images == Images::Off || !terminal.color || (images == Images::Auto && !terminal.is_terminal)
    {
        return None;
    }
    let hints = probe::Hints::from_env();
    let answers = if terminal.is_terminal {
        probe::ask(true, hints.passthrough).unwrap_or_default()
    } else {
        probe::Answers::default()
    };
    probe::graphics(images, answers, &hints)
}

/// What to say when the folder named is none and looks like a subcommand
/// mistyped: `folio lsit`.
fn not_a_command(dir: &std::path::Path) -> Option<String> {
    if dir.exists() {
        return None;
    }
    let name = dir.to_str()?;
    if name.contains(std::path::MAIN_SEPARATOR) || name.contains('.') {
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    let closest = command
        .get_subcommands()
        .map(|c| c.get_name())
        .map(|known| (strsim::damerau_levenshtein(name, known), known))
        .filter(|&(distance, known)| distance <= 2 && distance < known.len())
        .min();
    let name = folio::sanitize::line(name);
    Some(match closest {
        Some((_, known)) => {
            format!("folio: '{name}' is neither a folder nor a command; did you mean '{known}'?")
        }
        None => format!("folio: '{name}' is neither a folder nor a command (see 'folio --help')"),
    })
}

/// A process that aborts (a stack overflow ends in an abort too) runs no
/// destructor and no panic hook: without this, the shell would be left in
/// raw mode on the alternate screen with the mouse reported. The handler
/// gives the terminal back, then the signal does what it would have done.
/// (SIGSEGV and SIGBUS stay Rust's own, which report a stack overflow and
/// then abort.)
fn restore_terminal_on_fatal_signals() {
    extern "C" fn restore(signal: libc::c_int) {
        folio::tui::restore_after_fatal_signal();
        // SA_RESETHAND made the action the default again, SA_NODEFER lets
        // it through at once.
        // SAFETY: raise is async-signal-safe.
        unsafe {
            libc::raise(signal);
        }
    }
    for signal in [libc::SIGABRT, libc::SIGFPE, libc::SIGILL] {
        // SAFETY: a zeroed sigaction is valid; the handler only makes system
        // calls that are async-signal-safe (write, tcsetattr, raise).
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = restore as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND | libc::SA_NODEFER | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}
