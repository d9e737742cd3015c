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

    @Test func aThreadOnACoreTheStepHoldsMovesAndGetsItsCoresBack() throws {
        #if os(Linux)
        let saved = sselint_affinity_save()
        let cores = (0..<1024).filter { sselint_affinity_allows(saved, Int32($0)) != 0 }
        sselint_affinity_free(saved)
        guard cores.count >= 2, let everywhere = Self.allowedList(sselint_thread_id()) else {
            print("CoreSpreadTests: skipped (this process may run on one core only)")
            return
        }
        let home = Int32(cores[0])
        // The step's caller runs on `home`, and holds it.
        let callerMask = sselint_affinity_save()
        defer { _ = sselint_affinity_restore(sselint_thread_id(), callerMask) }
        // The helper starts with the caller's cores (pinned below): it is given these back.
        nonisolated(unsafe) let helperMask = sselint_affinity_save()
        #expect(sselint_pin_current_thread(home) == 0)
        let spread = CoreSpread()

        final class Seen: @unchecked Sendable {
            var thread: Int32 = -1, cpu: Int32 = -1, pinned: String?, restored: String?
            let joined = DispatchSemaphore(value: 0), ended = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        }
        let seen = Seen()
        let helper = Thread {
            seen.thread = sselint_thread_id()
            // Onto `home` first, then free to run anywhere again: still on `home` when it joins.
            _ = sselint_pin_current_thread(home)
            _ = sselint_affinity_restore(seen.thread, helperMask)
            spread.join()
            seen.cpu = sselint_current_cpu()
            seen.pinned = Self.allowedList(seen.thread)
            seen.joined.signal()
            seen.ended.wait()
            seen.restored = Self.allowedList(seen.thread)
            seen.done.signal()
        }
        helper.start()
        seen.joined.wait()
        spread.end()
        seen.ended.signal()
        seen.done.wait()
        // Moved off the caller's core, onto one core only while the step lasted, then free again.
        #expect(seen.cpu != home)
        #expect(seen.pinned == String(seen.cpu))
        #expect(seen.restored == everywhere)
        #endif
    }

    @Test func aThreadAloneOnItsCoreStays() {
        #if os(Linux)
        let before = Self.allowedList(sselint_thread_id())
        let spread = CoreSpread()
        spread.join()
        #expect(Self.allowedList(sselint_thread_id()) == before)
        spread.end()
        #endif
    }
}
