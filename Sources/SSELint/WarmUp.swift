import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SSELintCore
import SSELintNginx
import SSELintReporters
import SSELintRules

/// The one-time work of a lint run, done on an idle core while the main thread starts up and walks the tree.
///
/// A run's first pass through each code path builds generic type metadata (each first use of a specialised
/// generic type scans the binary's conformance records: a fifth of a 100-server run), tables such as the names
/// nginx knows and the rule catalogue, and a worker thread. All of it happened on the main thread, one step at
/// a time, while the second core stood idle until the first file was parsed. Here a small config is parsed,
/// resolved, analysed, judged by every nginx rule and written as JSON on a dispatch worker: what the real run
/// meets later is built already. It reads no file and touches no state that the run's output depends on: known
/// directive names only (an unknown name would take a process-wide key), its own workspace, analysis and report.
public enum WarmUp {
    private static let finished = DispatchSemaphore(value: 0)
    nonisolated(unsafe) private static var started = false
    /// Set when the run is over: the warm-up stops after the step it is in (an empty tree need not wait for all).
    nonisolated(unsafe) private static var over = false
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    /// Starts the warm-up on a dispatch worker (the pool the run's parallel stages use); call once, early.
    public static func start() {
        started = true
        // Off the main thread's core (see CoreSpread): sharing it, the warm-up slowed the start it runs beside.
        let spread = CoreSpread()
        DispatchQueue.global().async {
            spread.join()
            run()
            spread.end()
            finished.signal()
        }
    }

    /// Waits for the warm-up to end, if it was started (before the process exits: never mid-way through it).
    public static func wait() {
        guard started else { return }
        pthread_mutex_lock(lock); over = true; pthread_mutex_unlock(lock)
        finished.wait()
    }

    /// The warm-up's steps; how many findings the rules reported (0: it stopped early or the sample broke).
    @discardableResult static func run() -> Int {
        let source = SourceFile(path: "/sselint-warm-up/nginx.conf", bytes: Array(sample.utf8))
        guard case .success(let file) = NginxParser.parse(source), !isOver else { return 0 }
        let settings = Settings()
        let resolved = NginxWorkspace(settings: settings).resolve(file)
        _ = NginxDirectiveTable.check(resolved)
        guard !isOver else { return 0 }
        let analysis = NginxAnalysis(config: resolved, settings: settings)
        guard !isOver else { return 0 }
        let findings = RuleRunner.run(RuleCatalog.nginxRules, on: analysis, settings: settings)
        guard !isOver else { return findings.count }
        let report = Report(findings: findings, files: [source.path])
        _ = JSONReporter(paths: PathDisplay(base: "/")).renderBytes(report)
        return findings.count
    }

    private static var isOver: Bool {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        return over
    }

    /// A config shaped like the everyday one: an upstream, a server with streaming and plain locations, and what
    /// the most common rules report (a location's add_header dropping the server's). No `map` or `types` block:
    /// their entries are read as directives with names nginx does not know.
    static let sample = """
        events {
            worker_connections 1024;
        }
        http {
            upstream app {
                server 127.0.0.1:8000;
                keepalive 16;
            }
            server {
                listen 80;
                server_name example.test;
                add_header X-Frame-Options DENY always;
                location /events {
                    proxy_pass http://app;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header Host $host;
                    proxy_buffering off;
                    proxy_cache off;
                    proxy_read_timeout 1h;
                    add_header X-Accel-Buffering no;
                }
                location ~ ^/api/v1/(?<rest>.*)$ {
                    proxy_pass http://app/$rest$is_args$args;
                    proxy_set_header X-Real-IP $remote_addr;
                }
                location /stream/ {
                    proxy_pass http://app;
                    gzip on;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                }
            }
        }

        """
}
