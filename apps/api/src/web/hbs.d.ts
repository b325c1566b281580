// NOTE: hbs ships no type declarations; this is the part the application uses.
declare module 'hbs' {
  type HelperFn = (...args: any[]) => unknown;
  interface Hbs {
    __express: (path: string, options: object, callback: (error: Error | null, html?: string) => void) => void;
    registerPartial(name: string, template: string): void;
    registerHelper(name: string, fn: HelperFn): void;
  }
  const hbs: Hbs;
  export default hbs;
}
