import Synchronization

extension KeySetCache {
    /// Runs ``fetchSnapshot()`` until `deadline` on the cache's clock at the latest. When the
    /// deadline comes first the fetch is cancelled and this returns `.fetchTimedOut` at once,
    /// whether or not the fetcher honours the cancellation (a late result is dropped).
    func withinTimeLimit(until deadline: Duration) async -> Result<KeySetSnapshot, TokenGateError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<KeySetSnapshot, TokenGateError>, Never>) in
            let race = FetchRace(continuation)
            let work = Task {
                let result: Result<KeySetSnapshot, TokenGateError>
                do throws(TokenGateError) {
                    result = .success(try await self.fetchSnapshot())
                } catch {
                    result = .failure(error)
                }
                race.finish(result)
            }
            let timer = Task {
                do {
                    try await self.sleeperUntil(deadline)
                } catch {
                    return  // cancelled: the fetch ended first
                }
                if race.finish(.failure(TokenGateError(.fetchTimedOut, detail: "the fetch time limit passed"))) {
                    work.cancel()
                }
            }
            race.setTimer(timer)
        }
    }

    /// The first of a fetch and its timer to finish resumes the waiting caller; the other is
    /// cancelled or ignored.
    final class FetchRace: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result<KeySetSnapshot, TokenGateError>, Never>?
            var timer: Task<Void, Never>?
        }

        private let state: Mutex<State>

        init(_ continuation: CheckedContinuation<Result<KeySetSnapshot, TokenGateError>, Never>) {
            self.state = Mutex(State(continuation: continuation, timer: nil))
        }

        /// Hands the timer over, so that a fetch that ends first can cancel it.
        func setTimer(_ timer: Task<Void, Never>) {
            let finished = self.state.withLock { state -> Bool in
                guard state.continuation != nil else { return true }
                state.timer = timer
                return false
            }
            if finished { timer.cancel() }
        }

        /// Resumes the caller with `result` unless the race is already decided.
        /// - Returns: Whether this call decided it.
        @discardableResult
        func finish(_ result: Result<KeySetSnapshot, TokenGateError>) -> Bool {
            let (continuation, timer) = self.state.withLock { state in
                defer {
                    state.continuation = nil
                    state.timer = nil
                }
                return (state.continuation, state.timer)
            }
            guard let continuation else { return false }
            timer?.cancel()
            continuation.resume(returning: result)
            return true
        }
    }
}
