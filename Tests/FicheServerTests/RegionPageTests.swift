import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import FicheServer

/// A région on the web: its page, its fiche, its fiche in its zip, its link from the home page;
/// a région of one territory leads to that territory's page.
@Suite struct RegionPageTests {
    @Test func regionPageShowsItsFiguresItsDepartementsAndItsFiche() async throws {
        try await ServerFixture.withClient { client in
            for uri in ["/regions/11", "/regions/ile-de-france", "/regions/03"] {
                let response = try await client.execute(uri: uri, method: .get)
                let page = String(buffer: response.body)
                guard uri != "/regions/03" else {
                    // INSEE's 03 is Guyane, one territory: its département's page.
                    #expect(response.status == .found && response.headers[.location] == "/departements/9C")
                    continue
                }
                #expect(response.status == .ok, "\(uri)")
                #expect(page.contains("<h1>Île-de-France (région 11)\u{00A0}: commerce extérieur 2024</h1>"), "\(uri)")
                #expect(page.contains("href=\"/regions/11.pdf\" download=\"11-ile-de-france.pdf\""))
                #expect(page.contains("<a href=\"/departements/95\">Val-d’Oise <span class=\"code\">(95)</span></a>"))
                #expect(page.contains("id=\"titre-departements\""), "the départements chart")
                #expect(!page.contains("href=\"\""), "no empty link")
            }
        }
    }

    @Test func regionFicheIsAPDFNamedByItsINSEECodeAndSitsInItsZip() async throws {
        try await ServerFixture.withClient { client in
            let pdf = try await client.execute(uri: "/regions/11.pdf", method: .get)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition] == "attachment; filename=\"11-ile-de-france.pdf\"")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-"))
            let zip = try await client.execute(uri: "/regions/11.zip", method: .get)
            let bytes = Data(buffer: zip.body)
            #expect(bytes.range(of: Data("regions/11-ile-de-france.pdf".utf8)) != nil)
            #expect(bytes.range(of: Data(pdf.body.readableBytesView)) != nil, "the same fiche")
            #expect(bytes.range(of: Data("\"kind\" : \"region\"".utf8)) != nil)
            let corse = try await client.execute(uri: "/regions/94.pdf", method: .get)
            #expect(corse.status == .found && corse.headers[.location] == "/fiches/20.pdf")
        }
    }

    @Test func homePageLinksEachRegionOfSeveralDepartementsToItsPage() async throws {
        try await ServerFixture.withClient { client in
            let page = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(page.contains("<a href=\"/regions/11\">Île-de-France</a>"))
            #expect(page.contains("href=\"/regions/93.pdf\""))
            let departement = String(buffer: try await client.execute(uri: "/departements/95", method: .get).body)
            #expect(departement.contains("<a href=\"/regions/11\">Région Île-de-France</a>"), "its région, one click away")
        }
    }
}
