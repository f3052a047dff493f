// The part of @vercel/ncc's Node API that scripts/bundle.ts uses (the package ships no types).
declare module '@vercel/ncc' {
  export interface NccAsset {
    readonly source: string | Buffer
    readonly permissions?: number
  }

  export interface NccModuleStats {
    readonly identifier?: string
    readonly name?: string
    readonly modules?: readonly NccModuleStats[]
  }

  export interface NccResult {
    readonly code: string
    readonly map?: string
    readonly assets: Readonly<Record<string, NccAsset>>
    readonly symlinks: Readonly<Record<string, string>>
    readonly stats: { toJson(options: Record<string, unknown>): { modules?: readonly NccModuleStats[] } }
  }

  export interface NccOptions {
    readonly cache?: string | false
    /** Package names left as imports, or mapped to the specifier to import instead. */
    readonly externals?: readonly string[] | Readonly<Record<string, string>>
    readonly minify?: boolean
    readonly sourceMap?: boolean
    readonly license?: string
    readonly target?: string
    readonly quiet?: boolean
  }

  export default function ncc(input: string, options?: NccOptions): Promise<NccResult>
}
