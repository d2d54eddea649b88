@testable import ProjectFiles
import Testing

@Suite struct FicheFilesTests {
    @Test func fileNamesAreSlugsOfTheDepartementNames() {
        #expect(FicheFiles.fileName(code: "95", name: "Val-d'Oise") == "95-val-d-oise.pdf")
        #expect(FicheFiles.fileName(code: "21", name: "Côte-d'Or") == "21-cote-d-or.pdf")
        #expect(FicheFiles.fileName(code: "9D", name: "La Réunion") == "9D-la-reunion.pdf")
        #expect(FicheFiles.fileName(code: "90", name: "Territoire de Belfort") == "90-territoire-de-belfort.pdf")
    }

    @Test func slugsFoldLigaturesAndCollapsePunctuation() {
        #expect(FicheFiles.slug("Cœur d’Œuvre — Test") == "coeur-d-oeuvre-test")
        #expect(FicheFiles.slug("  Île-de-France  ") == "ile-de-france")
    }
}
