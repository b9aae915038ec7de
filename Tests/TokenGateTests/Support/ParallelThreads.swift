import Foundation
import Synchronization

/// Runs `body(0) … body(count - 1)` on `count` threads of their own, released at the same
/// moment, and returns the results in order. Real threads, unlike tasks on the cooperative
/// pool (as wide as the machine has cores), really do run the bodies side by side; the caller
/// awaits without blocking a pool thread.
func onParallelThreads<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) async -> [T] {
    let results = Mutex<[Int: T]>([:])
    let gate = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread {
            gate.wait()
            let result = body(index)
            results.withLock { $0[index] = result }
            done.leave()
        }.start()
    }
    for _ in 0..<count { gate.signal() }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        done.notify(queue: .global()) { continuation.resume() }
    }
    return results.withLock { byIndex in (0..<count).map { byIndex[$0]! } }
}
