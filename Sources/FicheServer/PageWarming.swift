import Foundation
import NIOCore
import TradeData

/// The pages of each data version built in the background, before anyone asks: the home page,
/// then every département's and every région's page, one at a time. A reader's first visit is
/// then answered from memory, like every later one; a reload starts the round again on the new
/// data (and stops the round of the old).
extension FicheServer {
    /// Watches the data version and warms the pages of each new one, until cancelled.
    func warmPagesOfEachDataVersion() async {
        var warmed = -1
        while !Task.isCancelled {
            let snapshot = store.snapshot
            if snapshot.generation != warmed {
                warmed = snapshot.generation
                await warmPages(of: snapshot)
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Builds the pages of `snapshot`, unless newer data comes meanwhile. A page a reader asked
    /// for is built once: this round then finds it made (single-flight caches).
    func warmPages(of snapshot: DataSnapshot) async {
        let start = ContinuousClock.now
        _ = try? await homePageBytes(snapshot)
        var built = 1
        for d in snapshot.departements {
            guard !Task.isCancelled, store.snapshot.generation == snapshot.generation else { return }
            if (try? await territoryPage(key: d.code, what: "page \(d.code)", snapshot, report: { try $0.aggregates.report(for: d.code) })) != nil {
                built += 1
            }
        }
        for fiche in FrenchTerritories.regionFiches(in: snapshot.aggregates.dataset.geography) where Self.singleTerritory(fiche.region) == nil {
            guard !Task.isCancelled, store.snapshot.generation == snapshot.generation else { return }
            let region = fiche.region
            if (try? await territoryPage(key: "region-" + fiche.code, what: "page région \(fiche.code)", snapshot,
                                         report: { try $0.aggregates.regionReport(for: region) })) != nil {
                built += 1
            }
        }
        log.note(String(format: "%d pages ready in %.1f s", built, (ContinuousClock.now - start) / .seconds(1)))
    }
}
