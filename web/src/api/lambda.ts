/** The Lambda operation of the functions page (restJson1). */
import { restGet } from './aws';

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

export const lambda = {
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
