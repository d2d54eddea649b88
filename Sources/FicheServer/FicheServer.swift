import Hummingbird

/// Placeholder while the build cost of Hummingbird is measured.
package enum FicheServerStub {
    package static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in "ok" }
        return router
    }
}
