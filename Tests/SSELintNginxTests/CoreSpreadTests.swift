import CSSELintSystem
import Foundation
import SSELintCore
import Testing

/// The threads of a parallel step are kept on different cores: a thread that joins the step on a core another
/// thread of it holds moves to a free one, and gets its cores back when the step ends.
struct CoreSpreadTests {
    /// The cores a thread may run on, as the kernel lists them ("0-1", "0,2").
    static func allowedList(_ thread: Int32) -> String? {
        guard let status = try? String(contentsOfFile: "/proc/self/task/\(thread)/status", encoding: .utf8) else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") }?
            .split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// What a helper thread saw when it joined a step on the core the step's caller holds: its core before and after
    /// joining, the cores it might use meanwhile and after the step, and the cores the test thread may use. nil when
    /// the process may use one core only (or the helper was never on the caller's core as it joined, in 20 tries).
    final class Seen: @unchecked Sendable {
        var before: Int32 = -1, after: Int32 = -1, pinned: String?, restored: String?, everywhere: String?
        let joined = DispatchSemaphore(value: 0), ended = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
    }

    static func collide(enabled: Bool) -> Seen? {
        // The cores this thread may use, kept to give every helper below the same.
        guard let everywhere = sselint_affinity_save() else { return nil }
        defer { _ = sselint_affinity_restore(sselint_thread_id(), everywhere) }
        let cores = (0..<1024).filter { sselint_affinity_allows(everywhere, Int32($0)) != 0 }
        guard cores.count >= 2, let listed = allowedList(sselint_thread_id()) else { return nil }
        // The step's caller runs on `home`, and holds it.
        let home = Int32(cores[0])
        guard sselint_pin_current_thread(home) == 0 else { return nil }
        // The helper must join while it is on `home`; the scheduler may move it off just before, so a few tries.
        for _ in 0..<20 {
            let spread = CoreSpread(enabled: enabled)
            let seen = Seen()
            seen.everywhere = listed
            nonisolated(unsafe) let helperCores = sselint_affinity_copy(everywhere)
            let helper = Thread {
                let me = sselint_thread_id()
                // Onto `home`, then free to run on every core again (it stays where it is until the scheduler moves it).
                _ = sselint_pin_current_thread(home)
                _ = sselint_affinity_restore(me, helperCores)
                seen.before = sselint_current_cpu()
                spread.join()
                seen.after = sselint_current_cpu()
                seen.pinned = allowedList(me)
                seen.joined.signal()
                seen.ended.wait()
                seen.restored = allowedList(me)
                seen.done.signal()
            }
            helper.start()
            seen.joined.wait()
            spread.end()
            seen.ended.signal()
            seen.done.wait()
            if seen.before == home { return seen }
        }
        return nil
    }

    @Test func aThreadOnACoreTheStepHoldsMovesAndGetsItsCoresBack() {
        #if os(Linux)
        guard let seen = Self.collide(enabled: true) else {
            print("CoreSpreadTests: skipped (one core only, or the helper never joined on the caller's core)")
            return
        }
        // Moved off the caller's core, onto one core only while the step lasted, then free again.
        #expect(seen.after != seen.before)
        #expect(seen.pinned == String(seen.after))
        #expect(seen.restored == seen.everywhere)
        #endif
    }

    @Test func aStepOfTheLibraryLeavesItsThreadsWhereTheyAre() {
        #if os(Linux)
        // Off unless turned on (the command-line tool does): a program that embeds the library keeps its placement.
        guard let seen = Self.collide(enabled: false) else { return }
        #expect(seen.pinned == seen.everywhere)
        #expect(seen.restored == seen.everywhere)
        #endif
    }

    @Test func aThreadAloneOnItsCoreStays() {
        #if os(Linux)
        let before = Self.allowedList(sselint_thread_id())
        let spread = CoreSpread(enabled: true)
        spread.join()
        #expect(Self.allowedList(sselint_thread_id()) == before)
        spread.end()
        #endif
    }
}
