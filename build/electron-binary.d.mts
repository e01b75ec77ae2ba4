export declare const electronDir: string;
export declare function installedElectronBinary(): string | undefined;
