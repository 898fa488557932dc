/** The Lambda operations of the console (restJson1): the functions page, and installing the example's function. */
import { restGet, restJson } from './aws';

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn?: string;
  Runtime?: string;
  Handler?: string;
  MemorySize?: number;
  Timeout?: number;
  CodeSize?: number;
  LastModified?: string;
  State?: string;
  Description?: string;
}

/** What CreateFunction needs for a function whose package is a zip given inline. */
export interface CreateFunctionInput {
  FunctionName: string;
  Runtime: string;
  Handler: string;
  Role: string;
  Timeout?: number;
  Description?: string;
  /** The zip, base64 (a blob member in a JSON body). */
  ZipFile: string;
}

const functionPath = (name: string): string => `/2015-03-31/functions/${encodeURIComponent(name)}`;

export const lambda = {
  createFunction: ({ ZipFile, ...rest }: CreateFunctionInput) =>
    restJson<FunctionConfiguration>('POST', '/2015-03-31/functions', { ...rest, Code: { ZipFile } }, 'lambda'),
  updateFunctionCode: (FunctionName: string, ZipFile: string) =>
    restJson<FunctionConfiguration>('PUT', `${functionPath(FunctionName)}/code`, { ZipFile }, 'lambda'),
  /** Every function, all pages. */
  listFunctions: async (): Promise<FunctionConfiguration[]> => {
    const functions: FunctionConfiguration[] = [];
    let marker: string | undefined;
    do {
      const query = new URLSearchParams({ MaxItems: '50', ...(marker && { Marker: marker }) });
      const page = await restGet<{ Functions?: FunctionConfiguration[]; NextMarker?: string }>(
        `/2015-03-31/functions/?${query.toString()}`,
        'lambda',
      );
      functions.push(...(page.Functions ?? []));
      marker = page.NextMarker;
    } while (marker);
    return functions;
  },
};
