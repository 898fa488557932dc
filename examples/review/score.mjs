// The example pipeline's Lambda step: "scores" a dataset. It takes `seconds` seconds, so that there is time to
// stop the execution while it runs (a running Lambda step cannot be interrupted: the execution ends Stopped when
// this returns, or Failed when it runs past the function's timeout).
export const handler = async (event) => {
  const seconds = Number(event.seconds ?? 0);
  console.log(`scoring ${event.dataset} for ${seconds} s`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  // A stable score in [0, 1) from the dataset's name.
  let hash = 0;
  for (const char of String(event.dataset)) hash = (hash * 31 + char.charCodeAt(0)) % 1000;
  const score = hash / 1000;
  console.log(`score ${score}`);
  return { score };
};
