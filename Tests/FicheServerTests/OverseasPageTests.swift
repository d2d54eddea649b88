@testable import Fiche
import Foundation
@testable import TestScratch
import Testing
@testable import TradeData
@testable import FicheServer

/// An overseas département's page names its comparison block as its fiche does: «l’ensemble des
/// départements d’outre-mer», never «Région Départements d’outre-mer».
@Suite struct OverseasPageTests {
    static func server() throws -> FicheServer {
        let file = try ServerFixture.tradeFile(rows: ["9D;24;C10Z;1011;FR", "9A;24;C10Z;1011;US", "95;03;C30Z;3030;DE"],
                                               folder: "serve-overseas")
        return try ServerFixture.makeServer(on: file, renderWorkers: 1)
    }

    @Test func reunionPageNamesTheOverseasGroupAndValDOiseItsRegion() async throws {
        let server = try Self.server()
        try await InProcessClient(router: server.makeRouter()).run { client in
            try await client.execute(uri: "/departements/9D", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(page.contains("Département d’outre-mer, comparé à l’ensemble des départements d’outre-mer"))
                #expect(page.contains("% de l’ensemble des départements d’outre-mer, "))
                #expect(!page.contains("Région Départements") && !page.contains("région Départements"))
            }
            try await client.execute(uri: "/departements/95", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<p class=\"chapo\">Région Île-de-France."))
                #expect(page.contains("% de la région, "))
            }
        }
    }
}

/// The web page shows the INSEE code a reader knows (974), its URLs keep answering the customs one.
@Suite struct WebReaderCodeTests {
    @Test func reunionPageAndIndexShow974() async throws {
        let server = try OverseasPageTests.server()
        try await InProcessClient(router: server.makeRouter()).run { client in
            try await client.execute(uri: "/departements/974", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<h1>La Réunion (974)\u{00A0}: commerce extérieur 2024</h1>"))
                #expect(page.contains("<title>La Réunion (974)\u{00A0}: commerce"))
                #expect(page.contains("href=\"/fiches/9D.pdf\""), "the customs URL still answers")
            }
            try await client.execute(uri: "/api/departements.json", method: .get) { response in
                let list = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let rows = list?["departements"] as? [[String: Any]] ?? []
                let reunion = rows.first { $0["customs_code"] as? String == "9D" }
                #expect(reunion?["code"] as? String == "974" && reunion?["fiche"] as? String == "/fiches/9D.pdf", "\(rows)")
                #expect(rows.contains { $0["code"] as? String == "95" && $0["customs_code"] as? String == "95" })
            }
            try await client.execute(uri: "/api/departements/974.json", method: .get) { response in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((json?["departement"] as? [String: String])?["code"] == "974")
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("La Réunion <span class=\"code\">(974)</span>"))
                #expect(!page.contains("(9D)"))
            }
        }
    }
}
