import Testing
@testable import FicheServer

/// Which searches name a région on the home page: each word begins a word of its name, the
/// first its first word (`search.js` applies the same rule).
@Suite struct RegionSearchTests {
    static func region(_ query: String, _ name: String) -> Bool {
        WebPages.searchMatchesRegion(WebPages.searchKey(query).split(separator: " ").map(String.init), regionName: name)
    }

    @Test func aRegionIsFoundByTheWordsOfItsNameFromTheFirstOne() {
        #expect(Self.region("bretagne", "Bretagne") && Self.region("Île de France", "Île-de-France") && Self.region("bret", "Bretagne"))
        #expect(Self.region("provence", "Provence-Alpes-Côte d'Azur") && Self.region("grand est", "Grand Est"))
        #expect(!Self.region("val", "Centre-Val de Loire") && !Self.region("est", "Grand Est") && !Self.region("", "Bretagne"))
    }
}
